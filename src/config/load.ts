import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { compileTopic, type Topic, topicSchema } from '../extract/topic.js';
import { UserError } from './errors.js';
import { type Config, problemsOf, validateConfig } from './schema.js';

export const DEFAULT_CONFIG_PATH = 'config/figurewatch.yaml';

/** The config/ folder shipped with figurewatch (dist/src/config/ → repository root). */
export const PACKAGE_CONFIG_DIR = fileURLToPath(new URL('../../../config/', import.meta.url));

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file read. */
  path: string;
  topics: Topic[];
  /** SMTP password from FIGUREWATCH_SMTP_PASSWORD; never printed. */
  smtpPassword: string | undefined;
  /** Key that signs webhook bodies, from FIGUREWATCH_WEBHOOK_SECRET; never printed. */
  webhookSecret: string | undefined;
}

/**
 * --config beats FIGUREWATCH_CONFIG beats config/figurewatch.yaml in the working directory,
 * which beats the one shipped with figurewatch (so the commands work from any folder).
 */
export function configPathFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = flag || env.FIGUREWATCH_CONFIG;
  if (chosen) return path.resolve(chosen);
  const local = path.resolve(DEFAULT_CONFIG_PATH);
  return existsSync(local) ? local : path.join(PACKAGE_CONFIG_DIR, 'figurewatch.yaml');
}

function readYaml(file: string, what: 'Config file' | 'Topic file'): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT'
        ? `${what} ${file} does not exist: ${what === 'Config file' ? 'create it (see config/example-local.yaml) or pass --config PATH' : "create it, or remove the topic from the config's topics list"}`
        : `${what} ${file} cannot be read (${code ?? String(err)}): check its permissions`,
    );
  }
  try {
    return parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
    throw new UserError(`${what} ${file} is not valid YAML${where}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** A topic from the config's own topics/ folder, else from the topics shipped with figurewatch. */
export function loadTopic(configDir: string, name: string): Topic {
  const own = path.join(configDir, 'topics', `${name}.yaml`);
  const shipped = path.join(PACKAGE_CONFIG_DIR, 'topics', `${name}.yaml`);
  const file = existsSync(own) || !existsSync(shipped) ? own : shipped;
  const parsed = topicSchema.safeParse(readYaml(file, 'Topic file'));
  if (!parsed.success) {
    throw new UserError(
      `Topic file ${file} has ${parsed.error.issues.length} problem(s):\n` +
        problemsOf(parsed.error)
          .map((p) => `  - ${p}`)
          .join('\n'),
    );
  }
  return compileTopic(parsed.data);
}

export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const checked = validateConfig(readYaml(file, 'Config file'));
  if (!checked.ok) {
    throw new UserError(
      `Config file ${file} has ${checked.problems.length} problem(s):\n` +
        checked.problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
  const dir = path.dirname(file);
  const topics = checked.value.topics.map((t) => loadTopic(dir, t));
  const owner = new Map<string, string>();
  for (const topic of topics) {
    for (const metric of topic.metrics.keys()) {
      const first = owner.get(metric);
      if (first)
        throw new UserError(
          `Topics "${first}" and "${topic.name}" both define the metric "${metric}": rename one, since figures are stored by metric name`,
        );
      owner.set(metric, topic.name);
    }
  }
  // Relative paths in a config file start at its folder, wherever figurewatch is run from.
  const config = {
    ...checked.value,
    store: { ...checked.value.store, path: path.resolve(dir, checked.value.store.path) },
  };
  return {
    config,
    path: file,
    topics,
    smtpPassword: env.FIGUREWATCH_SMTP_PASSWORD || undefined,
    webhookSecret: env.FIGUREWATCH_WEBHOOK_SECRET || undefined,
  };
}
