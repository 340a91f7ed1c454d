#!/usr/bin/env -S node --max-old-space-size=512 --max-semi-space-size=2
import { listenForStopSignals, programLoaded } from './stopSignals.js';

// Before anything heavy is loaded: see stopSignals.ts.
listenForStopSignals();
const { runProgram } = await import('./program.js');
programLoaded();
await runProgram(process.argv);
