/**
 * The topic file's schema (zod). Apart from the compiled topic (topic.ts) so that reading threads,
 * which only compile a topic already checked, never load zod: it is the largest module they would hold.
 */
import { z } from 'zod';

const phrases = z.array(z.string().min(1)).min(1);

const metricSchema = z.strictObject({
  label: z.string().min(1).describe('Name of the figure in status and digests'),
  nouns: phrases.describe('What is counted, as it follows the number ("troops", "artillery shells")'),
  predicates: z
    .array(z.string().min(1))
    .default([])
    .describe('Verbs that make a count of people this metric ("killed or wounded")'),
  personnel: z.boolean().default(false).describe('Nouns name people whose casualty predicates re-assign the figure'),
  needsDestination: z
    .boolean()
    .default(false)
    .describe('Keep only figures with a destination word in their sentence or the one before'),
  destinationInSentence: z
    .boolean()
    .default(false)
    .describe("With needsDestination: the destination must be in the figure's own sentence"),
  alertThreshold: z
    .number()
    .min(0)
    .default(0)
    .describe('Relative change (0.05 = 5%) below which a new total does not alert'),
  scope: z
    .enum(['total', 'additional'])
    .default('total')
    .describe('Scope of a figure with no cue of its own (sappers sent after the troops are a tranche)'),
  minimum: z
    .number()
    .min(0)
    .default(0)
    .describe('Smaller figures are not this metric (a few soldiers at a border are no deployment)'),
  maximum: z
    .number()
    .min(0)
    .optional()
    .describe('Larger figures are not this metric (they count another, larger party)'),
  verbs: z
    .array(z.string().min(1))
    .default([])
    .describe('The sentence must state one of these of the figure ("supplied", "shipped")'),
  excludedVerbs: z
    .array(z.string().min(1))
    .default([])
    .describe('Verbs that make a figure something else when they govern it ("fired", "used")'),
  recipients: z
    .array(z.string().min(1))
    .default([])
    .describe(
      'Who receives the supply ("Russia", "Moscow"): a figure sent only to someone else ("to Ukraine") is not this metric',
    ),
});

export const topicSchema = z
  .strictObject({
    name: z.string().min(1),
    title: z.string().min(1),
    actor: phrases,
    destination: phrases,
    movement: z
      .array(z.string().min(1))
      .default([])
      .describe('Words of movement that let a figure take its destination from the sentence before'),
    others: z.array(z.string().min(1)).default([]),
    since: z
      .number()
      .int()
      .optional()
      .describe(
        'First year of the events the topic tracks: a figure the text dates only to earlier years ("in 1950", "the 1970s") is history',
      ),
    sources: z.record(z.string(), phrases).default({}),
    reporters: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Sources that are news outlets: beside another source in the sentence, the other states the figure ("According to Reuters, Shoigu announced ...")',
      ),
    speakers: z
      .record(z.string(), phrases)
      .default({})
      .describe(
        'Names that attribute a figure only as the one who says it ("Seoul says", "according to Kyiv"), not wherever they appear',
      ),
    metrics: z
      .record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a metric name in snake_case'), metricSchema)
      .refine((m) => Object.keys(m).length > 0, 'expected at least one metric'),
    combined: z.array(z.strictObject({ parts: z.array(z.string()).min(2), as: z.string() })).default([]),
    reassign: z
      .array(
        z.strictObject({
          from: z.string(),
          to: z.string(),
          words: phrases.describe(
            'Words near the counted noun that make it the other metric ("reconstruction" makes personnel workers)',
          ),
        }),
      )
      .default([]),
  })
  .superRefine((topic, ctx) => {
    topic.combined.forEach((rule, i) => {
      for (const name of [...rule.parts, rule.as]) {
        if (!(name in topic.metrics)) {
          ctx.addIssue({
            code: 'custom',
            path: ['combined', i],
            message: `names metric "${name}", which the topic does not define`,
          });
        }
      }
    });
    topic.reassign.forEach((rule, i) => {
      for (const name of [rule.from, rule.to]) {
        if (!(name in topic.metrics))
          ctx.addIssue({
            code: 'custom',
            path: ['reassign', i],
            message: `names metric "${name}", which the topic does not define`,
          });
      }
    });
  });

export type TopicSpec = z.infer<typeof topicSchema>;
export type MetricSpec = z.infer<typeof metricSchema>;
