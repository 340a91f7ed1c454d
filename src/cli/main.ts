#!/usr/bin/env node
import { listenForStopSignals, programLoaded } from './stopSignals.js';

// Before anything heavy is loaded: see stopSignals.ts.
listenForStopSignals();
const { runProgram } = await import('./program.js');
programLoaded();
await runProgram(process.argv);
