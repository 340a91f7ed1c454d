import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { compileTopic, type Topic } from '../extract/topic.js';
import { topicSchema } from '../extract/topicSchema.js';
import { nearestName } from '../model/nearestName.js';
import { UserError } from './errors.js';
import { type Config, problemsOf, TOPIC_NAME, validateConfig } from './schema.js';

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

/** A topic file, checked and compiled. */
function topicFromFile(file: string): Topic {
  const parsed = topicSchema.safeParse(readYaml(file, 'Topic file'), { reportInput: true });
  if (!parsed.success) {
    const problems = problemsOf(parsed.error, topicSchema);
    throw new UserError(
      `Topic file ${file} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return compileTopic(parsed.data);
}

/** The names of the topics a config folder can use: its own topics/ and the shipped ones. */
export function topicNames(configDir: string): string[] {
  const namesIn = (dir: string): string[] => {
    try {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.slice(0, -'.yaml'.length));
    } catch {
      return [];
    }
  };
  return [
    ...new Set([...namesIn(path.join(configDir, 'topics')), ...namesIn(path.join(PACKAGE_CONFIG_DIR, 'topics'))]),
  ];
}

/** `; did you mean "x"?` when a known topic name is near the one given. */
function nearTopicHint(configDir: string, name: string): string {
  const near = nearestName(name, topicNames(configDir));
  return near ? `; did you mean "${near}"?` : '';
}

/** A topic from the config's own topics/ folder, else from the topics shipped with figurewatch. */
export function loadTopic(configDir: string, name: string): Topic {
  const own = path.join(configDir, 'topics', `${name}.yaml`);
  const shipped = path.join(PACKAGE_CONFIG_DIR, 'topics', `${name}.yaml`);
  if (existsSync(own)) return topicFromFile(own);
  if (existsSync(shipped)) return topicFromFile(shipped);
  throw new UserError(
    `Topic file ${own} does not exist: create it, or remove the topic from the config's topics list${nearTopicHint(configDir, name)}`,
  );
}

/**
 * The topic `--topic` names: a topic name (config/topics/NAME.yaml, as in the config's topics
 * list) or, for anything that is not a name, the path of a topic file from the working directory.
 */
export function topicFromOption(configDir: string, nameOrPath: string): Topic {
  const names = topicNames(configDir);
  if (TOPIC_NAME.test(nameOrPath)) {
    if (names.includes(nameOrPath)) return loadTopic(configDir, nameOrPath);
    const near = nearestName(nameOrPath, names);
    throw new UserError(
      `--topic ${nameOrPath}: no such topic in ${path.join(configDir, 'topics')} or the shipped topics: ` +
        (near ? `did you mean "${near}"?` : `name one of ${names.join(', ')}, or give the path of a topic file`),
    );
  }
  const file = path.resolve(nameOrPath);
  if (!existsSync(file))
    throw new UserError(
      `--topic ${nameOrPath}: the topic file ${file} does not exist: check the path, or name a topic (${names.join(', ')})`,
    );
  return topicFromFile(file);
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
