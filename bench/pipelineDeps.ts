import { loadTopic } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { logChannel } from '../src/digest/channels/log.js';
import { Delivery } from '../src/digest/deliver.js';
import { fetchUrl } from '../src/http/fetch.js';
import { createLogger } from '../src/log/logger.js';
import type { PipelineDeps } from '../src/pipeline/ingest.js';
import { inlineContent } from '../src/sandbox/contentPool.js';
import type { Store } from '../src/store/port.js';
import { CONFIG_DIR } from '../tests/support/paths.js';

/** What a bench's ingest runs with: the shipped topic read in this thread, digests to a silent log, a fixed clock. */
export function benchDeps(store: Store, config: Config): PipelineDeps {
  const logger = createLogger({ level: 'silent', pretty: false });
  const topic = loadTopic(CONFIG_DIR, 'dprk-russia');
  return {
    store,
    http: fetchUrl,
    logger,
    clock: () => new Date('2025-07-01T00:00:00Z'),
    config,
    topics: [topic],
    content: inlineContent([topic]),
    delivery: new Delivery([logChannel(logger)]),
  };
}
