import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadTopic } from '../../src/config/load.js';
import { evaluate } from '../../src/extract/evaluate.js';
import { extractClaims } from '../../src/extract/extract.js';
import type { Claim } from '../../src/model/claim.js';
import { seedArticles } from '../support/corpus.js';
import { CONFIG_DIR, repoPath } from '../support/paths.js';

const topic = loadTopic(CONFIG_DIR, 'dprk-russia');

type Expected = Partial<Claim> & Pick<Claim, 'metric' | 'low'>;

function claims(text: string): Claim[] {
  return extractClaims(text, topic);
}

function expectClaims(text: string, expected: Expected[]): void {
  const got = claims(text);
  assert.equal(
    got.length,
    expected.length,
    `expected ${expected.length} claim(s) from «${text}», got ${JSON.stringify(got.map((c) => [c.metric, c.low, c.high]))}`,
  );
  expected.forEach((want, i) => {
    for (const [field, value] of Object.entries(want)) {
      assert.deepEqual(got[i]![field as keyof Claim], value, `${field} of claim ${i} from «${text}»`);
    }
  });
}

describe('extraction on the seed articles', () => {
  it('reaches F1 = 1.0 with every qualifier, status and scope right', () => {
    const seeds = seedArticles();
    const report = evaluate(
      seeds.map((s) => ({ doc: s.doc, claims: claims(s.text) })),
      seeds.map((s) => s.gold),
    );
    assert.deepEqual(report.misses, []);
    assert.deepEqual(report.falseClaims, []);
    assert.equal(report.overall.f1, 1);
    const { qualifier, status, scope } = report.fieldAccuracy;
    assert.deepEqual({ qualifier, status, scope }, { qualifier: 1, status: 1, scope: 1 });
  });

  it('quotes sentences verbatim from the document', () => {
    for (const s of seedArticles()) {
      for (const c of claims(s.text))
        assert.ok(s.text.replace(/\s+/g, ' ').includes(c.quote.replace(/\s+/g, ' ')), c.quote);
    }
  });
});

describe('numbers in context', () => {
  it('reads digits, scale words, number words and ranges', () => {
    expectClaims('North Korea has shipped 1.5 million artillery shells to Russia.', [
      { metric: 'shells_supplied', low: 1_500_000, high: 1_500_000, qualifier: 'exact' },
    ]);
    expectClaims('Pyongyang sent between 10,000 and 12,000 soldiers to Russia.', [
      { metric: 'troops_deployed', low: 10000, high: 12000, qualifier: 'range' },
    ]);
    expectClaims('North Korea deployed 3,000 to 4,000 troops to the Kursk region.', [
      { metric: 'troops_deployed', low: 3000, high: 4000, qualifier: 'range' },
    ]);
    expectClaims('A dozen North Korean soldiers were captured in Kursk.', [{ metric: 'captured', low: 12, high: 12 }]);
  });

  it('maps every qualifier', () => {
    const cases: Array<[string, Claim['qualifier']]> = [
      ['at least', 'at_least'],
      ['over', 'at_least'],
      ['more than', 'at_least'],
      ['in excess of', 'at_least'],
      ['up to', 'at_most'],
      ['as many as', 'at_most'],
      ['almost', 'at_most'],
      ['nearly', 'at_most'],
      ['about', 'approx'],
      ['around', 'approx'],
      ['an estimated', 'approx'],
      ['some', 'approx'],
      ['roughly', 'approx'],
    ];
    for (const [words, qualifier] of cases) {
      expectClaims(`North Korea has sent ${words} 12,000 troops to Russia.`, [
        { metric: 'troops_deployed', low: 12000, high: 12000, qualifier },
      ]);
    }
    expectClaims('The number of North Korean troops in Russia is estimated to exceed 15,000.', [
      { metric: 'troops_deployed', low: 15000, qualifier: 'at_least' },
    ]);
    expectClaims('North Korea has sent 15,000 or more troops to Russia.', [
      { metric: 'troops_deployed', low: 15000, qualifier: 'at_least' },
    ]);
  });
});

describe('metrics', () => {
  it('splits combined casualty figures into two claims', () => {
    expectClaims('Seoul said North Korea had suffered up to 3,000 casualties, including about 300 deaths.', [
      { metric: 'casualties', low: 3000, qualifier: 'at_most' },
      { metric: 'killed', low: 300, qualifier: 'approx' },
    ]);
  });

  it('counts "killed, wounded or captured" and "killed or wounded" as casualties, and single outcomes apart', () => {
    expectClaims('About 4,500 North Korean soldiers have been killed, wounded or captured in Kursk.', [
      { metric: 'casualties', low: 4500 },
    ]);
    expectClaims('Some 2,000 North Korean troops were killed or wounded, Kyiv said of the fighting in Russia.', [
      { metric: 'casualties', low: 2000 },
    ]);
    expectClaims('At least 400 North Korean soldiers have died in the fighting.', [
      { metric: 'killed', low: 400, qualifier: 'at_least' },
    ]);
    expectClaims('Ukraine said three North Korean soldiers were taken prisoner near Kursk.', [
      { metric: 'captured', low: 3 },
    ]);
    expectClaims('North Korea has lost 1,200 wounded in Russia.', [{ metric: 'wounded', low: 1200 }]);
  });

  it('counts workers and sappers named together as workers, and apart when numbered apart', () => {
    expectClaims('North Korea will dispatch 6,000 builders and deminers to Russia.', [
      { metric: 'workers_deployed', low: 6000 },
    ]);
    expectClaims('Pyongyang will send 2,000 sappers and 4,000 construction workers to Kursk.', [
      { metric: 'sappers_deployed', low: 2000 },
      { metric: 'workers_deployed', low: 4000 },
    ]);
  });

  it('counts ballistic missiles and artillery shells', () => {
    expectClaims('North Korea supplied Russia with around 250 KN-23 missiles last year.', [
      { metric: 'missiles_supplied', low: 250, qualifier: 'approx', when: 'last year' },
    ]);
    expectClaims('The North has shipped at least 12 million shells to Russia, Seoul estimates.', [
      { metric: 'shells_supplied', low: 12_000_000, qualifier: 'at_least' },
    ]);
  });

  it('reads figures that refer back to an earlier noun or figure', () => {
    expectClaims('The death toll among North Korean troops in Russia has reached 600.', [
      { metric: 'killed', low: 600 },
    ]);
    expectClaims('North Korean casualties in Russia rose to 5,000, up from 3,800 in March.', [
      { metric: 'casualties', low: 5000 },
      { metric: 'casualties', low: 3800 },
    ]);
    expectClaims('North Korea sent 11,000 troops to Russia last year; of them, 1,000 were killed.', [
      { metric: 'troops_deployed', low: 11000 },
      { metric: 'killed', low: 1000 },
    ]);
  });
});

describe('phrasings common in coverage', () => {
  it('reads outcomes split over one sentence', () => {
    expectClaims('Some 300 North Korean soldiers were killed and 2,700 were wounded in Kursk, the NIS said.', [
      { metric: 'killed', low: 300, qualifier: 'approx', attribution: 'NIS' },
      { metric: 'wounded', low: 2700 },
    ]);
    expectClaims(
      'North Korea has sent around 14,000 troops to Russia, of whom some 4,700 have been killed or wounded.',
      [
        { metric: 'troops_deployed', low: 14000 },
        { metric: 'casualties', low: 4700 },
      ],
    );
  });

  it('reads the outcome verb before the count', () => {
    expectClaims('Ukraine says it has captured two North Korean soldiers in the Kursk region.', [
      { metric: 'captured', low: 2, attribution: 'Ukraine' },
    ]);
  });

  it('reads totals named earlier in the clause', () => {
    expectClaims('The new deployment brings the total number of North Korean troops sent to Russia to about 15,000.', [
      { metric: 'troops_deployed', low: 15000, qualifier: 'approx' },
    ]);
    expectClaims('The number of North Korean soldiers killed in action has risen to 1,500, Seoul said.', [
      { metric: 'killed', low: 1500 },
    ]);
    expectClaims("North Korea's casualties in the war have climbed to about 4,700, including 600 deaths.", [
      { metric: 'casualties', low: 4700, qualifier: 'approx' },
      { metric: 'killed', low: 600 },
    ]);
  });

  it('reads a non-breaking thousands separator and artillery ammunition wording', () => {
    expectClaims('North Korea has sent 11\u00a0000 troops to Russia.', [{ metric: 'troops_deployed', low: 11000 }]);
    expectClaims('Pyongyang has provided Russia with about 12 million rounds of artillery ammunition.', [
      { metric: 'shells_supplied', low: 12_000_000 },
    ]);
  });

  it('reads "the North" as the actor, but not "the north" of somewhere', () => {
    expectClaims('The North sent 3,000 more troops to Russia in February.', [
      { metric: 'troops_deployed', low: 3000, scope: 'additional' },
    ]);
    expectClaims('Russia moved 3,000 troops to the north of Ukraine.', []);
  });

  it('marks headlines as planned when they say "to send"', () => {
    expectClaims('N. Korea to send 5,000 troops to Russia', [
      { metric: 'troops_deployed', low: 5000, status: 'planned', scope: 'total' },
    ]);
    expectClaims('N. Korea to send 5,000 construction workers to Russia', [
      { metric: 'workers_deployed', low: 5000, status: 'planned', scope: 'additional' },
    ]);
    expectClaims('Up to 15,000 North Korean workers could be sent to Russia this year.', [
      { metric: 'workers_deployed', low: 15000, qualifier: 'at_most', status: 'planned' },
    ]);
  });

  it('ignores counts of things the topic does not track', () => {
    expectClaims(
      'North Korea has also sent 50 self-propelled howitzers and 20,000 containers of munitions to Russia.',
      [],
    );
    expectClaims('North Korea sent 5,000 workers to China last year.', []);
    expectClaims('Tens of thousands of North Korean troops could eventually be sent to Russia.', []);
  });
});

describe('more phrasings from coverage', () => {
  it('reads an outcome word used as an adjective, with the verb deciding', () => {
    expectClaims(
      'Zelenskyy said Ukrainian forces had captured two wounded North Korean soldiers in the Kursk region.',
      [{ metric: 'captured', low: 2 }],
    );
    expectClaims('Some 500 wounded North Korean soldiers were flown back to Pyongyang from Russia.', [
      { metric: 'wounded', low: 500 },
    ]);
  });

  it('reads losses, strength and ranges of estimates', () => {
    expectClaims('Ukraine says North Korea has lost 4,000 soldiers in Kursk.', [
      { metric: 'casualties', low: 4000, attribution: 'Ukraine' },
    ]);
    expectClaims('An 11,000-strong North Korean contingent arrived in Russia last autumn.', [
      { metric: 'troops_deployed', low: 11000, when: 'last autumn' },
    ]);
    expectClaims(
      'Kim Jong Un has also sent thousands of laborers to Russia, with estimates ranging from 10,000 to 15,000.',
      [{ metric: 'workers_deployed', low: 10000, high: 15000, qualifier: 'range' }],
    );
    expectClaims('N. Korean casualties in Russia estimated at 4,700: NIS', [{ metric: 'casualties', low: 4700 }]);
  });

  it('needs the recipient in the sentence for supplies, and a movement to borrow a destination', () => {
    expectClaims(
      'North Korea sent troops to Russia. North Korea fired about 10 short-range ballistic missiles into the East Sea on Tuesday.',
      [],
    );
    expectClaims(
      'North Korea shipped 10,000 containers to Russia. North Korea marked its 75th anniversary with a parade of 20,000 soldiers in Pyongyang.',
      [],
    );
    expectClaims(
      'Kim attended a ceremony for soldiers who died abroad. A further 1,000 military engineers will be dispatched to Kursk in the coming weeks.',
      [{ metric: 'sappers_deployed', low: 1000, status: 'planned', scope: 'additional' }],
    );
  });

  it("ignores other parties' figures in unrelated war news", () => {
    expectClaims(
      [
        'Russia said its forces had destroyed 25 Ukrainian tanks and killed 1,200 soldiers over the past week.',
        "Ukraine's military said 1,300 Russian soldiers were killed in the past 24 hours, bringing Russia's losses to 700,000 since February 2022.",
        'The Pentagon said it would send 3,000 additional troops to Poland.',
        "South Korea's military has 500,000 troops, and the U.S. stations 28,500 soldiers there.",
      ].join(' '),
      [],
    );
  });
});

describe('wordings from the second development batch', () => {
  it('reads a sentence that only continues the story, but not one about another party', () => {
    expectClaims(
      'North Korea has sent troops to fight for Russia. It appears that another 2,000 soldiers have been dispatched (to Russia), officials said.',
      [{ metric: 'troops_deployed', low: 2000, scope: 'additional' }],
    );
    expectClaims(
      'North Korea has sent troops to Russia. Russia has not published its own losses since 2022, when it reported 5,900 deaths.',
      [],
    );
    expectClaims(
      'Two North Korean soldiers were captured in Kursk. Meanwhile, Russia and Ukraine swapped 500 prisoners each.',
      [{ metric: 'captured', low: 2 }],
    );
  });

  it('reads the outcome verb before a count through "another", and the agent before the first verb', () => {
    expectClaims(
      'Ukrainian drone units said they killed 60 North Korean soldiers and wounded another 35 over two days.',
      [
        { metric: 'killed', low: 60 },
        { metric: 'wounded', low: 35 },
      ],
    );
    expectClaims('Ukraine Reports Capture of Three North Korean Soldiers', [{ metric: 'captured', low: 3 }]);
  });

  it('lets an outcome decide before the work the people were sent for', () => {
    expectClaims('Kim Jong Un admitted that 12 North Korean soldiers were killed while clearing mines in Kursk.', [
      { metric: 'killed', low: 12 },
    ]);
  });

  it('reads parts named for their work, joined modifiers and mixed groups', () => {
    expectClaims(
      'North Korea will send 7,000 troops to Russia, and 2,000 of them will be mine clearance specialists.',
      [
        { metric: 'troops_deployed', low: 7000 },
        { metric: 'sappers_deployed', low: 2000 },
      ],
    );
    expectClaims('Pyongyang agreed to send 4,000 North Korean engineering and construction personnel to Kursk.', [
      { metric: 'workers_deployed', low: 4000, status: 'planned' },
    ]);
    expectClaims('Moscow gathered 40,000 Russian and North Korean soldiers near Kursk.', []);
  });

  it('counts a supply though a relative clause tells how the shells were used', () => {
    expectClaims(
      'North Korea has shipped Russia more than two million artillery shells that Russia fires at Ukrainian towns.',
      [{ metric: 'shells_supplied', low: 2_000_000, qualifier: 'at_least' }],
    );
  });

  it('restates a count through "people", "the number of" and a bare verb of arrival', () => {
    expectClaims(
      'North Korean troops fought in Kursk. The total number of losses among them is around 3,000 people, officials said.',
      [{ metric: 'casualties', low: 3000, qualifier: 'approx' }],
    );
    expectClaims(
      'North Korean troops fought in Kursk. At least 200 deaths were reported, and the number of injured approaches 900.',
      [
        { metric: 'killed', low: 200 },
        { metric: 'wounded', low: 900, qualifier: 'at_most' },
      ],
    );
    expectClaims('"9,000 has arrived," the Ukrainian president said of North Korea\'s troops in Russia.', [
      { metric: 'troops_deployed', low: 9000 },
    ]);
    expectClaims('North Korea will send 120 missiles to Russia this year, in addition to the 90 already supplied.', [
      { metric: 'missiles_supplied', low: 120 },
      { metric: 'missiles_supplied', low: 90, status: 'actual' },
    ]);
  });

  it('does not count people entering a country, or a village', () => {
    expectClaims('Last year, 9,100 North Koreans entered Russia, according to Russian border statistics.', []);
    expectClaims('North Korean troops suffered heavy casualties but pushed Ukrainians from at least one village.', []);
  });
});

describe('wordings from the third development batch', () => {
  it('does not count ages, "all but one", dates written with hyphens, or a strike\'s victims listed beside the story', () => {
    expectClaims(
      'North Korean troops fought in Kursk. A child aged 12 was among the dead in the strike, and thirty-six people were injured.',
      [],
    );
    expectClaims(
      'North Korea sent troops to Kursk. There was a clash, and all but one of the North Korean soldiers were killed.',
      [],
    );
    expectClaims('date 2024-11-06 Many North Korean troops were killed, a US official said.', []);
    expectClaims(
      'Nearly 8,000 North Korean soldiers still fighting in Kursk, Budanov says\n- At least 5 killed, 55 injured in Russian missile strike on Izium',
      [{ metric: 'troops_deployed', low: 8000 }],
    );
  });

  it("leaves another party's forces and losses alone, however the sentence puts them", () => {
    expectClaims(
      'North Korean troops are in Kursk. Russia is amassing 50,000 troops along the border with Sumy, Zelensky said.',
      [],
    );
    expectClaims(
      'Since the operation began, Russian army losses in the Kursk zone have reached 62,400 personnel, while North Korean forces have suffered more than 4,500 casualties.',
      [{ metric: 'casualties', low: 4500, qualifier: 'at_least' }],
    );
    expectClaims(
      "North Korean soldiers fought in Kursk. The enemy's total losses amounted to almost 40 thousand people, the General Staff said.",
      [],
    );
  });

  it('reads joined outcomes, the actor\'s own people after "of its", and prisoners "seized by" a side', () => {
    expectClaims(
      'Zelensky said 12-thousand North Korean troops arrived in Russia and that 38-hundred of them have died or have been wounded.',
      [
        { metric: 'troops_deployed', low: 12000 },
        { metric: 'casualties', low: 3800 },
      ],
    );
    expectClaims('North Korea also supported Russia by sending over 12,000 of its soldiers to the Kursk region.', [
      { metric: 'troops_deployed', low: 12000, qualifier: 'at_least' },
    ]);
    expectClaims('Around 3,000 North Korean soldiers have been casualties since entering the fighting in Kursk.', [
      { metric: 'casualties', low: 3000 },
    ]);
  });
});

describe('status and scope', () => {
  it('marks plans as planned; a planned troop figure is a total, planned workers and sappers a new tranche (LABELS.md: scope)', () => {
    for (const verb of [
      'will send',
      'agreed to send',
      'is expected to deploy',
      'plans to send',
      'has pledged to send',
    ]) {
      expectClaims(`North Korea ${verb} 2,500 troops to Russia.`, [
        { metric: 'troops_deployed', low: 2500, status: 'planned', scope: 'total' },
      ]);
      expectClaims(`North Korea ${verb} 2,500 more troops to Russia.`, [
        { metric: 'troops_deployed', low: 2500, status: 'planned', scope: 'additional' },
      ]);
      expectClaims(`North Korea ${verb} 2,500 military builders to Russia.`, [
        { metric: 'workers_deployed', low: 2500, status: 'planned', scope: 'additional' },
      ]);
    }
    expectClaims('Russia said 3,000 more North Korean troops would be sent to Kursk soon.', [
      { metric: 'troops_deployed', low: 3000, status: 'planned' },
    ]);
  });

  it('marks new tranches as additional and everything else as total', () => {
    expectClaims('North Korea has sent an additional 2,000 soldiers to Russia.', [
      { low: 2000, metric: 'troops_deployed', scope: 'additional', status: 'actual' },
    ]);
    expectClaims('North Korea sent another 3,000 troops to Russia in January.', [
      { low: 3000, metric: 'troops_deployed', scope: 'additional', when: 'January' },
    ]);
    expectClaims('Pyongyang deployed 1,500 more soldiers to the Kursk front.', [
      { low: 1500, metric: 'troops_deployed', scope: 'additional' },
    ]);
    expectClaims('North Korea sent 4,000 troops to Russia this year alone.', [
      { low: 4000, metric: 'troops_deployed', scope: 'additional', when: 'this year' },
    ]);
    expectClaims('In total, North Korea has deployed 14,000 troops to Russia.', [
      { low: 14000, metric: 'troops_deployed', scope: 'total', status: 'actual' },
    ]);
  });
});

describe('attribution and time', () => {
  it('names who said it, in the short form', () => {
    expectClaims(
      "According to South Korea's National Intelligence Service, North Korea has sent 13,000 troops to Russia.",
      [{ low: 13000, metric: 'troops_deployed', attribution: 'NIS' }],
    );
    expectClaims('The UK Ministry of Defence said 6,000 North Korean soldiers had become casualties in Russia.', [
      { low: 6000, metric: 'casualties', attribution: 'UK Ministry of Defence' },
    ]);
    expectClaims('Western officials told the BBC that 1,000 North Korean troops had been killed in Kursk.', [
      { low: 1000, metric: 'killed', attribution: 'Western officials' },
    ]);
  });

  it('keeps the time reference as written', () => {
    expectClaims('North Korea sent 11,000 troops to Russia in late 2024.', [
      { low: 11000, metric: 'troops_deployed', when: 'late 2024' },
    ]);
    expectClaims('North Korea sent 11,000 troops to Russia last October.', [
      { low: 11000, metric: 'troops_deployed', when: 'last October' },
    ]);
  });
});

describe('distractors yield nothing', () => {
  const none = [
    'Russia has not provided an update on its losses since September 2022, when it reported 5,937 deaths.',
    "Zelensky said Ukraine's military has suffered 45,100 casualties.",
    'Russia has deployed 50,000 troops to the Kursk region.',
    'North Korea marked the 77th anniversary of its armed forces on Feb. 8, 2025.',
    'The MSMT is made up of experts from 11 countries.',
    'Although the video shows only six coffins, the ceremony in Pyongyang was long.',
    'North Korea is expected to deploy thousands of military construction workers to Russia.',
    'North Korea has about 1.2 million active-duty soldiers.',
    'North Korea fired 3 ballistic missiles into the sea on Tuesday.',
    '3 months ago 311',
    'Kim Jong Un, 41, met Putin at 10:30 in Vladivostok on 12/02/2016.',
    'North Korea raised its defence budget by 15 percent and spent $2 billion.',
    'Ukraine has deployed 12,000 soldiers to Kursk, where North Korean troops are fighting.',
    'Russian troops, 20,000 strong, fought alongside North Korean units.',
  ];
  for (const sentence of none) {
    it(`«${sentence}»`, () => expectClaims(sentence, []));
  }

  it('ignores unrelated news entirely', () => {
    expectClaims(
      [
        'China seized 30 fishing vessels near the disputed islands, officials said.',
        'The coast guard detained 250 crew members and 12 boats.',
        'More than 4,000 troops took part in the exercise in the South China Sea.',
      ].join(' '),
      [],
    );
  });

  it('ignores reader comments and repeated captions', () => {
    expectClaims(
      'North Korea sent 11,000 troops to Russia.\n\n12 Comments\nNorth Korea sent 90,000 troops to Russia, trust me.',
      [{ low: 11000, metric: 'troops_deployed' }],
    );
  });
});

describe('bad input', () => {
  it('gives no claims for empty or whitespace text', () => {
    assert.deepEqual(claims(''), []);
    assert.deepEqual(claims('   \n\n  '), []);
  });

  it('survives binary garbage decoded as text', () => {
    const garbage = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    assert.doesNotThrow(() => claims(garbage));
  });
});

describe('a second topic is a config change', () => {
  const fishing = loadTopic(repoPath('tests', 'fixtures'), 'fishing-seizures');

  it('extracts its metrics with the shared grammar', () => {
    const got = extractClaims(
      'The China Coast Guard seized at least 12 fishing vessels in the South China Sea last week and detained some 80 fishermen, the Philippine Coast Guard said.',
      fishing,
    );
    assert.deepEqual(
      got.map((c) => [c.metric, c.low, c.qualifier, c.attribution, c.when]),
      [
        ['vessels_seized', 12, 'at_least', 'Philippine Coast Guard', 'last week'],
        ['crew_detained', 80, 'approx', 'Philippine Coast Guard', 'last week'],
      ],
    );
  });

  it('finds nothing of its own in the DPRK articles, nor DPRK figures in its news', () => {
    for (const s of seedArticles()) assert.deepEqual(extractClaims(s.text, fishing), [], s.doc);
    assert.deepEqual(claims('The China Coast Guard seized 12 fishing vessels in the South China Sea.'), []);
  });
});

describe('what articles nobody tuned to got wrong (issue 14), as general rules', () => {
  it('reads numbers as broadcasters and wires spell them', () => {
    expectClaims('North Korea has sent 15-thousand troops to Russia.', [{ metric: 'troops_deployed', low: 15000 }]);
    expectClaims('About 47-hundred North Korean soldiers were killed or wounded in Kursk.', [
      { metric: 'casualties', low: 4700, qualifier: 'approx' },
    ]);
    expectClaims('The NIS put the number of injured North Korean soldiers at four-thousand-100.', [
      { metric: 'wounded', low: 4100 },
    ]);
    expectClaims('North Korea dispatched eleven-thousand soldiers to Russia.', [
      { metric: 'troops_deployed', low: 11000 },
    ]);
    expectClaims('North Korea sent one-thousand military engineers to Russia.', [
      { metric: 'sappers_deployed', low: 1000 },
    ]);
    expectClaims('North Korea could send 25-thousand to 30-thousand more troops to Russia.', [
      { metric: 'troops_deployed', low: 25000, high: 30000, qualifier: 'range', status: 'planned' },
    ]);
    expectClaims('North Korea has sent 11 to 12,000 troops to Russia.', [
      { metric: 'troops_deployed', low: 11000, high: 12000 },
    ]);
    expectClaims('North Korea has sent 12K troops to Russia.', [{ metric: 'troops_deployed', low: 12000 }]);
    expectClaims('North Korea sent 11.000 troops to Russia, and at least 1.000 were killed.', [
      { metric: 'troops_deployed', low: 11000 },
      { metric: 'killed', low: 1000, qualifier: 'at_least' },
    ]);
    expectClaims('North Korea has shipped 1,5 million artillery shells to Russia.', [
      { metric: 'shells_supplied', low: 1_500_000 },
    ]);
    expectClaims('North Korea has shipped one-point-five million artillery shells to Russia.', [
      { metric: 'shells_supplied', low: 1_500_000 },
    ]);
    expectClaims('North Korea sent 3 000 troops to Russia.', [{ metric: 'troops_deployed', low: 3000 }]);
  });

  it('splits sentences glued together when markup was stripped', () => {
    expectClaims(
      'North Korea has sent 11,000 troops to Russia since its launch last year.In the report, 20 were listed.',
      [{ metric: 'troops_deployed', low: 11000 }],
    );
    expectClaims('About 300 North Korean soldiers have been killed."The NIS also counted 40 tanks.', [
      { metric: 'killed', low: 300 },
    ]);
  });

  it('never counts other things: containers, calibres, sites, vehicles', () => {
    expectClaims('North Korea has sent 20-thousand containers to Russia.', []);
    expectClaims('North Korea supplied 152 mm artillery shells to Russia.', []);
    expectClaims('North Korea gave Russia five military sites and at least one Pantsir vehicle.', []);
  });

  it('reads a Title Case headline "Killed, Wounded" as casualties', () => {
    expectClaims('Over 3,000 North Korean Soldiers Killed, Wounded In Kursk', [
      { metric: 'casualties', low: 3000, qualifier: 'at_least' },
    ]);
  });

  it('takes the casualty verb that comes later in the clause', () => {
    expectClaims(
      'Around 2,000 North Korean soldiers deployed to help Russia in its war against Ukraine are believed to have been killed.',
      [{ metric: 'killed', low: 2000, qualifier: 'approx' }],
    );
    expectClaims('North Korea sent 11,000 troops to Russia, where hundreds have been killed.', [
      { metric: 'troops_deployed', low: 11000 },
    ]);
  });

  it('knows the vocabulary of workers, sappers and losses, and a count that includes other parties', () => {
    expectClaims("North Korea will send 6,000 personnel to undertake reconstruction work in Russia's Kursk region.", [
      { metric: 'workers_deployed', low: 6000, status: 'planned' },
    ]);
    expectClaims("North Korea sent 1,000 demining experts to Russia's Kursk region.", [
      { metric: 'sappers_deployed', low: 1000 },
    ]);
    expectClaims("North Korea suffered losses of up to 4,000 troops in Russia's Kursk region.", [
      { metric: 'casualties', low: 4000, qualifier: 'at_most' },
    ]);
    expectClaims('Russians have lost up to 35,000 troops in Kursk, including soldiers from the DPRK.', []);
    expectClaims(
      'Russian forces have sustained some 40,000 casualties there, including over 1,000 North Korean soldiers.',
      [{ metric: 'casualties', low: 1000, qualifier: 'at_least' }],
    );
  });

  it('resolves a figure that refers back', () => {
    expectClaims(
      'North Korea plans to send 10,000 troops to Russia. This number includes approximately 3,000 already dispatched.',
      [
        { metric: 'troops_deployed', low: 10000 },
        { metric: 'troops_deployed', low: 3000, qualifier: 'approx' },
      ],
    );
  });

  it('counts no border incident, no launch, no other army as a deployment', () => {
    expectClaims('About 10 armed North Korean soldiers crossed the military demarcation line, the JCS said.', []);
    expectClaims('North Korea fired 10 short-range ballistic missiles into the sea on Monday.', []);
    expectClaims('Russia fired more than 60 North Korean ballistic missiles at Ukraine last year.', []);
    expectClaims('North Korea sent troops to Russia. The US is deploying 3,000 additional troops to Poland.', []);
    expectClaims(
      'The use of North Korean weapons on the territory of Ukraine killed 24 people, injured 115 others.',
      [],
    );
  });

  it('counts missiles and shells supplied, never fired', () => {
    expectClaims(
      'Pyongyang has transferred more than 100 KN-23 ballistic missiles to Moscow, the monitoring team said.',
      [{ metric: 'missiles_supplied', low: 100, qualifier: 'at_least', attribution: 'MSMT' }],
    );
    expectClaims(
      'Russia has used nearly 50 North Korean missiles to attack Ukraine, while North Korea shipped 3 million shells to Russia.',
      [{ metric: 'shells_supplied', low: 3_000_000 }],
    );
  });

  it("names the source in the short form analysts use, and a headline takes the body's", () => {
    expectClaims('Ukrainian and U.S. officials say some 11,000 North Korean troops have been deployed to Russia.', [
      { metric: 'troops_deployed', low: 11000, attribution: 'Ukraine and US' },
    ]);
    expectClaims(
      "Seoul's National Intelligence Service estimates that 11,000 North Korean troops have been sent to Russia.",
      [{ metric: 'troops_deployed', low: 11000, attribution: 'NIS', qualifier: 'approx' }],
    );
    expectClaims('North Korean troops fought in Kursk, in the war in Ukraine. About 300 have been killed.', [
      { metric: 'killed', low: 300, attribution: null },
    ]);
    expectClaims(
      'N. Korea sends 1,000 more troops to Russia\n\nNorth Korea sent 1,000 more troops to Russia in February, the spy agency said.',
      [{ metric: 'troops_deployed', low: 1000, attribution: 'NIS', when: 'February' }],
    );
  });

  it('takes the source of a statement named by it', () => {
    expectClaims('North Korea has sent 10,000 troops to Russia, according to a report from the NIS.', [
      { metric: 'troops_deployed', low: 10000, attribution: 'NIS' },
    ]);
    expectClaims("A report from South Korea's spy agency says North Korea has sent 10,000 troops to Russia.", [
      { metric: 'troops_deployed', low: 10000, attribution: 'NIS' },
    ]);
  });

  it('takes the source the next sentence names for what came before it, and only that', () => {
    expectClaims(
      "About 3,000 North Korean troops have been sent to Russia. This was disclosed by South Korea's National Intelligence Service (NIS) on Wednesday.",
      [{ metric: 'troops_deployed', low: 3000, attribution: 'NIS' }],
    );
    expectClaims(
      "More than 2,000 North Korean soldiers have been killed in Russia's war.\n\nThe NIS revealed the updated death toll to lawmakers.",
      [{ metric: 'killed', low: 2000, attribution: 'NIS' }],
    );
    expectClaims(
      'About 3,000 North Korean troops have been sent to Russia. The NIS said they were training near Vladivostok.',
      [{ metric: 'troops_deployed', low: 3000, attribution: null }],
    );
  });
});

describe('wordings from the fourth round of tuning', () => {
  it('reads an em dash between words as a break, not a subject', () => {
    expectClaims(
      'Kim Jong Un is doubling down on his commitment to Russia—sending an additional 10,000 to 12,000 troops this October.',
      [{ metric: 'troops_deployed', low: 10000, high: 12000, scope: 'additional' }],
    );
  });

  it('lets a later deployment of the actor take the place the text sent it to', () => {
    expectClaims(
      'North Korea has deployed more than 3,000 troops to Russia.\n\nFamilies are kept apart.\n\nThe initial deployment of 1,500 North Korean troops took place between 8-13 October.',
      [
        { metric: 'troops_deployed', low: 3000 },
        { metric: 'troops_deployed', low: 1500 },
      ],
    );
    // No earlier destination: a deployment that names no place is not counted.
    expectClaims('The initial deployment of 1,500 North Korean troops took place in October.', []);
  });

  it('reads "to the BBC" as no place troops were sent to', () => {
    expectClaims(
      'North Korea sent troops to Russia. Officials disclosed to the BBC that at least 1,000 of the 11,000 soldiers sent from North Korea had been killed.',
      [
        { metric: 'killed', low: 1000, qualifier: 'at_least' },
        { metric: 'troops_deployed', low: 11000 },
      ],
    );
  });

  it('counts no other people named after the count, nor a mixed group', () => {
    expectClaims('North Korean forces fired at Chechen vehicles and killed eight Chechen personnel near Kursk.', []);
    expectClaims(
      'After North Korea, Cuba is the largest contributor of foreign troops, with an estimated 1000-5000 Cubans fighting in Ukraine.',
      [],
    );
    expectClaims(
      'A contingent of Russian and North Korean servicemen in Kursk Oblast lost 200 personnel as of December 14.',
      [],
    );
    expectClaims(
      'North Korea is sending troops. At least 10,000 Korean infantry soldiers are heading to the battlefields of Ukraine.',
      [{ metric: 'troops_deployed', low: 10000 }],
    );
  });

  it('reads "the toll" as the figure the sentence before counted', () => {
    expectClaims(
      'Zelensky said North Korean casualties in the Kursk region exceeded 3,000. South Korean estimates place the toll at 1,100.',
      [
        { metric: 'casualties', low: 3000 },
        { metric: 'casualties', low: 1100 },
      ],
    );
  });

  it('reads "11 or 12,000" as a range and "a force of N" as its count', () => {
    expectClaims('North Korea sent a force of 11 (or) 12,000 to Russia.', [
      { metric: 'troops_deployed', low: 11000, high: 12000, qualifier: 'range' },
    ]);
    expectClaims('North Korea suffered losses of about 4,000 in Russia.', [
      { metric: 'casualties', low: 4000, qualifier: 'approx' },
    ]);
  });
});

describe('wordings from the fourth development batch', () => {
  it('reads an outcome participle before the people as their outcome', () => {
    expectClaims(
      'North Korea sent troops to Russia. Zelensky offered to hand over two captured North Korean soldiers.',
      [{ metric: 'captured', low: 2 }],
    );
    expectClaims('North Korea sent troops to Russia. Ukrainian forces managed to capture two North Koreans alive.', [
      { metric: 'captured', low: 2 },
    ]);
  });

  it('takes the work of "personnel" from the list they include, or from anywhere in the clause', () => {
    expectClaims(
      "North Korea is set to send 6,000 personnel, including combat engineers and military workers, to Russia's Kursk region.",
      [{ metric: 'workers_deployed', low: 6000, status: 'planned' }],
    );
    expectClaims(
      'Pyongyang plans to deploy units totaling 6,000 personnel to the Kursk region over the next few months for demining work.',
      [{ metric: 'sappers_deployed', low: 6000 }],
    );
  });

  it('counts no capacity, no unit size, no items shown for the dead, no visitors', () => {
    expectClaims(
      'North Korea sent over 22,000 containers to Russia, enough to transport around 10 million rounds of ammunition.',
      [],
    );
    expectClaims(
      'North Korea sent containers to Russia that likely contained either three million 152mm artillery shells or 500,000 122mm rounds.',
      [],
    );
    // A guess that rounds the text's own capacity figure restates it; a statement beside one is a count.
    expectClaims(
      'North Korea may have shipped up to 3 million shells to Russia\n\nPyongyang sent containers that could carry about 2.9 million artillery shells to Russia, officials said.',
      [],
    );
    expectClaims(
      'North Korea has sent 3 million shells to Russia. Its containers could carry about 2.9 million artillery shells, officials said.',
      [{ metric: 'shells_supplied', low: 3000000 }],
    );
    expectClaims(
      'North Korean troops are in Russia. Agents were assigned to each battalion of about 500 soldiers, and assault groups of 20 men.',
      [],
    );
    expectClaims(
      'These are the identification cards of three North Korean soldiers killed by Ukrainian forces at the Kursk front.',
      [],
    );
    expectClaims(
      '3,700 North Koreans arrive in Russia\n\nAround 3,200 North Koreans arrived in Russia for studies in 2019.',
      [],
    );
    expectClaims('The 11,000 North Koreans dispatched to Russia have yet to advance onto Ukrainian soil.', [
      { metric: 'troops_deployed', low: 11000 },
    ]);
  });

  it('counts no loss of a mixed group, nor a loss of another party announced after a colon', () => {
    expectClaims(
      'DIU estimated that Russian combat units, including North Korean troops, had suffered approximately 200 casualties on Saturday.',
      [],
    );
    expectClaims(
      'North Korean troops fought in Kursk. Russian army losses in the Kursk zone have amounted to: 62,400 personnel, including 25,200 killed.',
      [],
    );
  });

  it('reads calibres inside a noun phrase, shells after "Russia with", and "near" as about', () => {
    expectClaims('North Korea has sent 4.9 million 152mm shells to Moscow.', [
      { metric: 'shells_supplied', low: 4_900_000 },
    ]);
    expectClaims('North Korea has supplied Russia with artillery shells, including 4.8 million rounds.', [
      { metric: 'shells_supplied', low: 4_800_000 },
    ]);
    expectClaims('Pyongyang sent more than 10,000 troops to Russia, with some assessments near 15,000.', [
      { metric: 'troops_deployed', low: 10000, qualifier: 'at_least' },
      { metric: 'troops_deployed', low: 15000, qualifier: 'approx' },
    ]);
  });
});

describe('tables and lists', () => {
  it('reads a table row named by its first cell, in the context of the text before the table', () => {
    expectClaims(
      'Analysts list the challenges of the North Korean contingent:\n- Adverse terrain\n- Supply disruptions\n\nCasualty Type | Estimated Numbers |\n---|---|\nKilled | 3,200+ |\nWounded | 2,800+ |',
      [
        { metric: 'killed', low: 3200, qualifier: 'at_least' },
        { metric: 'wounded', low: 2800, qualifier: 'at_least' },
      ],
    );
  });
});

describe('headline and apposition shapes', () => {
  it('reads a count set apart by a dash or after a colon as the thing just named', () => {
    expectClaims(
      'North Korea will send "a division of builders, two military brigades — 5,000 people" to the Kursk region, Shoigu said.',
      [{ metric: 'workers_deployed', low: 5000 }],
    );
    expectClaims('Russia-bound North Korean troops: 10,000', [{ metric: 'troops_deployed', low: 10000 }]);
    expectClaims('N. Korean troops: 3,000 more sent to Russia, says Seoul', [
      { metric: 'troops_deployed', low: 3000, scope: 'additional' },
    ]);
  });

  it('knows the short names of the actor, initials inside a noun phrase, and the head of a compound', () => {
    expectClaims('About 11,000 Korean People’s Army troops were sent to Russia.', [
      { metric: 'troops_deployed', low: 11000 },
    ]);
    expectClaims('Seoul: 1,500 N. Korean special forces troops arrive in Russia’s Far East', [
      { metric: 'troops_deployed', low: 1500 },
    ]);
    expectClaims('N. Korean troop casualties top 3,000 in Kursk: Zelensky', [
      { metric: 'casualties', low: 3000, qualifier: 'at_least' },
    ]);
    expectClaims('U.S. expert estimates N.K. casualty rate in Russia’s war at up to 50 pct', []);
  });
});

describe('counts that refer back to a sentence without a figure', () => {
  it('takes the metric of what the sentence before named', () => {
    for (const text of [
      'They number about 11,100.',
      'Their number is estimated at 11,200.',
      'Kyiv puts the figure at 11,400.',
      'Ukraine believes the force has grown to 11,900.',
    ]) {
      const got = claims(`North Korea has sent troops to Russia's Kursk region. ${text}`);
      assert.deepEqual(
        got.map((c) => c.metric),
        ['troops_deployed'],
        text,
      );
    }
  });

  it('reads no reference in the "at" of "at least", nor in a count of visitors', () => {
    expectClaims(
      'North Korea has sent troops to Russia. He affirmed the deployment of at least 500 North Korean officers and three generals to Russia.',
      [],
    );
    expectClaims(
      'North Korea sent workers to Russia. They said the number of North Koreans entering Russia in 2024 rose from the previous year to surpass 13-thousand.',
      [],
    );
  });
});

describe('planned or there already', () => {
  it('reads a figure that will join, is expected to arrive or is to be sent as planned', () => {
    expectClaims('10,000 North Korean soldiers will join Russian troops, says Zelensky', [
      { metric: 'troops_deployed', low: 10000, status: 'planned' },
    ]);
    expectClaims(
      'There was a report that about 10,000 North Korean troops are expected to arrive in Russia in December.',
      [{ metric: 'troops_deployed', low: 10000, status: 'planned' }],
    );
    expectClaims('Kim Jong Un has decided to send 1,000 sappers to Russia to clear mines, Shoigu said.', [
      { metric: 'sappers_deployed', low: 1000, status: 'planned' },
    ]);
  });

  it('keeps troops already there that are expected to enter combat as actual', () => {
    expectClaims('Around 8,000 North Korean troops in Russia are expected to enter the battlefield in coming days.', [
      { metric: 'troops_deployed', low: 8000, status: 'actual' },
    ]);
  });
});

describe('the time of a figure', () => {
  it('reads "since" an event to the end of its clause, and the past period without its preposition', () => {
    expectClaims('Zelenskyy said North Korea has seen 4,000 dead or wounded soldiers since joining the war.', [
      { metric: 'casualties', low: 4000, when: 'since joining the war' },
    ]);
    expectClaims('North Korean forces suffered around 1,000 casualties over the past week in Kursk Oblast.', [
      { metric: 'casualties', low: 1000, when: 'the past week' },
    ]);
  });
});

describe('the actor as the one who loses', () => {
  it('reads "the North has lost N" as casualties, but not what the actor\'s forces killed', () => {
    expectClaims('North Korea sent troops to Russia. Pyongyang has lost about 4,020 so far.', [
      { metric: 'casualties', low: 4020, qualifier: 'approx' },
    ]);
    expectClaims('North Korean forces killed 800 Ukrainian soldiers in Kursk.', []);
  });
});

describe('wordings from the fifth development batch', () => {
  it('counts no victims of strikes, no conversion of containers, no part as the whole', () => {
    expectClaims(
      'North Korean missiles hit Ukraine. As a result of attacks with these missiles, 24 people have been killed and another 115 injured.',
      [],
    );
    expectClaims(
      'A South Korean agency estimates the North has shipped more than 13,000 containers of weapons to Russia, which could mean 6 million artillery shells.',
      [],
    );
    expectClaims(
      'Putin had involved about 12,000 North Korean soldiers in the war against Ukraine in Kursk, of which they lost more than 4,000.',
      [
        { metric: 'troops_deployed', low: 12000 },
        { metric: 'casualties', low: 4000, qualifier: 'at_least' },
      ],
    );
  });

  it('reads the outcome of a whole, hyphenated calibres, bomb disposal experts and the subject after "that"', () => {
    expectClaims(
      'North Korea sent troops to Russia. About half of the 4,100 wounded soldiers had since been sent back home.',
      [{ metric: 'wounded', low: 4100 }],
    );
    expectClaims(
      'North Korea shipped cargo to Russia which reportedly included over six million 152-mm artillery shells.',
      [{ metric: 'shells_supplied', low: 6_000_000, qualifier: 'at_least' }],
    );
    expectClaims('Pyongyang will send 1,000 bomb disposal experts to Russia, the NIS said.', [
      { metric: 'sappers_deployed', low: 1000 },
    ]);
    expectClaims(
      'The NIS estimated that 10,000 North Korean soldiers were deployed to Kursk and that casualties were expected to reach about 1,000.',
      [
        { metric: 'troops_deployed', low: 10000 },
        { metric: 'casualties', low: 1000 },
      ],
    );
  });
});

describe('parts of a total', () => {
  it('reads "including N" with no noun of its own as a part of the total before it', () => {
    expectClaims(
      'Around 15,000 North Korean personnel have been sent to Russia - including 11,000 last year, and a further 4,000 earlier this year.',
      [
        { metric: 'troops_deployed', low: 15000 },
        { metric: 'troops_deployed', low: 11000 },
        { metric: 'troops_deployed', low: 4000 },
      ],
    );
  });
});

describe('supplies whose recipient the text named before', () => {
  it('counts missiles the actor shipped, never missiles it fired', () => {
    expectClaims("North Korea is helping Russia's war. Pyongyang has sent over 100 ballistic missiles, Kyiv says.", [
      { metric: 'missiles_supplied', low: 100, qualifier: 'at_least' },
    ]);
    expectClaims(
      "North Korea is helping Russia's war. On Monday Pyongyang fired 10 ballistic missiles into the sea.",
      [],
    );
  });
});

describe('what a review of the new rules found: none of these is a claim of the actor', () => {
  it("credits no other army with the actor's losses, and no intended capture or carrying", () => {
    for (const text of [
      'Ukraine, which is fighting North Korean troops in Kursk, says it has lost 2,000 so far.',
      'North Korean troops arrived in Kursk last fall. Russian commanders say they lost 3,000 there.',
      'Russia, which relies on North Korea, lost 2,000 there.',
      'Ukraine said its forces hoped to capture 20 North Korean soldiers alive.',
      'Russian and North Korean Troops lost 200 soldiers near Kursk.',
      'North Korea sent troops to Russia. NK News reported that 50,000 Russian troops are in Kursk.',
    ]) {
      assert.deepEqual(claims(text), [], text);
    }
    expectClaims('North Korea sent 3,000 soldiers to Russia to help capture villages in Kursk.', [
      { metric: 'troops_deployed', low: 3000 },
    ]);
    expectClaims('North Korea used Russian navy ships to transport 1,500 special forces troops to Russia.', [
      { metric: 'troops_deployed', low: 1500 },
    ]);
  });

  it('gives no deployment a destination it does not have', () => {
    for (const text of [
      'In Pyongyang, there are 3,000 North Korean soldiers guarding the leadership.',
      'North Korea keeps 12,000 special forces soldiers on the ground near the DMZ.',
      'Some 3,000 North Korean troops took part in a parade in Pyongyang.',
      'North Korea committed 6,000 soldiers to guard its border with China.',
      'North Korea has supplied Iran with 100 missiles in the past.',
    ]) {
      assert.deepEqual(claims(`North Korea has sent 11,000 troops to Russia. ${text}`).length, 1, text);
    }
  });

  it('keeps true counts that look like visitors, items or units', () => {
    expectClaims('About 600 North Koreans have died, Zelensky said.', [{ metric: 'killed', low: 600 }]);
    expectClaims('Ukraine showed the names of 2,000 North Korean soldiers killed in Kursk.', [
      { metric: 'killed', low: 2000 },
    ]);
    expectClaims('North Korea sent two divisions of 10,000 troops to Russia.', [
      { metric: 'troops_deployed', low: 10000 },
    ]);
    expectClaims('North Korea Sends 10,000 Troops To Russia, 3,000 Taken Prisoner', [
      { metric: 'troops_deployed', low: 10000 },
      { metric: 'captured', low: 3000 },
    ]);
  });

  it('reads no plan into a count already there or a gerund after "to"', () => {
    expectClaims('In addition to sending 11,000 troops to Russia, North Korea shipped shells.', [
      { metric: 'troops_deployed', low: 11000, status: 'actual' },
    ]);
    expectClaims(
      'Pyongyang decided to send troops last year, and so far 11,000 North Korean soldiers have been deployed to Russia.',
      [{ metric: 'troops_deployed', low: 11000, status: 'actual' }],
    );
    expectClaims('About 11,000 North Korean troops could be in Russia already.', [
      { metric: 'troops_deployed', low: 11000, status: 'actual' },
    ]);
  });

  it('reads a hostile run of marks after "since" in linear time', () => {
    const started = process.hrtime.bigint();
    claims(`North Korea has sent 11,000 troops to Russia since joining the war${'-'.repeat(500)}${')'.repeat(500)}`);
    // Generous: the backtracking this guards against took seconds for 40 marks.
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000);
  });
});

describe('who receives a supply', () => {
  it('counts no shells another party sent to Ukraine, and keeps those sent to Russia whoever reports them', () => {
    expectClaims(
      'North Korea is arming Russia. The United States has only sent approximately 300,000 rounds of artillery to Ukraine.',
      [],
    );
    expectClaims(
      "North Korea is arming Russia. This dwarfs the European Union's goal of supplying Ukraine with 1 million rounds annually.",
      [],
    );
    expectClaims(
      "North Korea shipped 3 million shells to Russia's army, according to Ukraine's military intelligence.",
      [{ metric: 'shells_supplied', low: 3_000_000 }],
    );
    expectClaims(
      'South Korean officials estimate that North Korea ships about 1 million rounds each month to Russia.',
      [{ metric: 'shells_supplied', low: 1_000_000, qualifier: 'approx' }],
    );
  });
});

describe('a count whose noun names no role', () => {
  it('counts "personnel" as the parts the text gives them: sappers and builders together are workers', () => {
    expectClaims(
      "Kim Jong Un approved the deployment of another 6,000 personnel to Russia's Kursk region. The deployment includes 1,000 sappers and 5,000 military construction workers, Shoigu said.",
      [
        { metric: 'workers_deployed', low: 6_000 },
        { metric: 'sappers_deployed', low: 1_000 },
        { metric: 'workers_deployed', low: 5_000 },
      ],
    );
  });

  it('keeps troops as troops, and personnel whose parts do not add up to them', () => {
    expectClaims(
      "North Korea sent 6,000 troops to Russia's Kursk region: 1,000 sappers and 5,000 military construction workers.",
      [
        { metric: 'troops_deployed', low: 6_000 },
        { metric: 'sappers_deployed', low: 1_000 },
        { metric: 'workers_deployed', low: 5_000 },
      ],
    );
    expectClaims(
      "North Korea sent 11,000 personnel to Russia's Kursk region. It later sent 1,000 sappers and 5,000 military construction workers to Russia.",
      [
        { metric: 'troops_deployed', low: 11_000 },
        { metric: 'sappers_deployed', low: 1_000 },
        { metric: 'workers_deployed', low: 5_000 },
      ],
    );
  });
});

describe('Russian places named without Russia', () => {
  it('takes Vladivostok or the Far East as the destination, and not the inter-Korean border', () => {
    expectClaims('About 1,500 North Korean special forces troops have already arrived in Vladivostok.', [
      { metric: 'troops_deployed', low: 1_500, qualifier: 'approx' },
    ]);
    expectClaims('North Korea has moved some 3,000 soldiers to training camps in the Russian Far East.', [
      { metric: 'troops_deployed', low: 3_000 },
    ]);
    expectClaims('North Korea has massed 3,000 soldiers near the inter-Korean border.', []);
  });
});

describe('the number of people an outcome befell', () => {
  it('counts "the number of North Koreans killed" as killed, not as troops', () => {
    expectClaims('The number of North Koreans killed has climbed to roughly 2,000.', [
      { metric: 'killed', low: 2_000, qualifier: 'approx' },
    ]);
    expectClaims('The number of North Korean troops in Kursk has fallen to 8,000.', [
      { metric: 'troops_deployed', low: 8_000 },
    ]);
  });
});

describe('wordings of a sixth batch of real text', () => {
  it('reads "reported as casualties" as casualties, and a unit\'s strength as its troops', () => {
    expectClaims(
      "More than 5,000 North Korean troops have been reported as casualties while fighting in Russia's Kursk region.",
      [{ metric: 'casualties', low: 5_000, qualifier: 'at_least' }],
    );
    expectClaims(
      'North Korea has sent troops to Russia. A 1,500-strong special operations unit has already been deployed in Vladivostok.',
      [{ metric: 'troops_deployed', low: 1_500 }],
    );
  });

  it('reads a count set apart by a dash with its qualifier as the forces just named', () => {
    expectClaims(
      'North Korea sent troops to Russia. The NIS said Pyongyang had dispatched additional forces – up to 3,000, according to press reports – to join them.',
      [{ metric: 'troops_deployed', low: 3_000, qualifier: 'at_most', scope: 'additional' }],
    );
  });

  it('keeps shells "supplied by North Korea" in a passive whose subject names Russia', () => {
    expectClaims(
      'Half of all artillery shells in Russia are supplied by North Korea, with around 3 million shells being shipped annually.',
      [{ metric: 'shells_supplied', low: 3_000_000, qualifier: 'approx' }],
    );
  });

  it('takes "in January" for a time, not another place, when a deployment borrows the destination', () => {
    expectClaims(
      "More than 5,000 North Korean troops are in Russia's Kursk region. The South Korean military reported that North Korean troops sustained 4,000 casualties out of the 11,000 sent last year. South Korean authorities estimated that 3,000 more troops were deployed in January and February.",
      [
        { metric: 'troops_deployed', low: 5_000 },
        { metric: 'casualties', low: 4_000 },
        { metric: 'troops_deployed', low: 3_000, scope: 'additional', when: 'January and February' },
      ],
    );
  });

  it('counts no deployment whose subject is another speaker (the US, South Korea), though the actor was named just before', () => {
    expectClaims(
      'North Korea has sent 11,000 troops to Russia. The US has deployed 3,000 more troops to bolster NATO. South Korea deployed 2,000 troops.',
      [{ metric: 'troops_deployed', low: 11_000 }],
    );
  });

  it('counts "6,000 North Koreans" that the text splits into engineers and builders as workers', () => {
    expectClaims(
      'North Korea promised to send 6,000 North Koreans to Russia shortly. Kim Jong Un will send 1,000 combat engineers and 5,000 military builders to Kursk.',
      [
        { metric: 'workers_deployed', low: 6_000, status: 'planned' },
        { metric: 'sappers_deployed', low: 1_000 },
        { metric: 'workers_deployed', low: 5_000 },
      ],
    );
  });

  it('takes the total a sentence raises to as a total, whatever period the increment covers', () => {
    expectClaims(
      'Pyongyang has sent a further 3,000 troops to Russia this year, bringing its total to about 14,000, Seoul said.',
      [
        { metric: 'troops_deployed', low: 3_000, scope: 'additional' },
        { metric: 'troops_deployed', low: 14_000, scope: 'total', qualifier: 'approx' },
      ],
    );
  });
});

describe('more wordings of the same figures', () => {
  it('reads "~" as about, commandos as troops, and "captured a total of 2" as captured', () => {
    expectClaims('North Korea has sent ~11,000 troops to Russia.', [
      { metric: 'troops_deployed', low: 11_000, qualifier: 'approx' },
    ]);
    expectClaims('Some 1,500 North Korean commandos have arrived in Russia.', [
      { metric: 'troops_deployed', low: 1_500, qualifier: 'approx' },
    ]);
    expectClaims('Ukraine has captured a total of 2 North Korean soldiers.', [{ metric: 'captured', low: 2 }]);
  });

  it('counts no shells that containers are "the equivalent of"', () => {
    expectClaims(
      'Pyongyang has shipped 20,000 containers of munitions to Russia, the equivalent of 9.4 million shells.',
      [],
    );
  });
});

describe('a part of the people just named, and a count inside a relative clause', () => {
  it('counts "Ukraine has captured two of them" as captured, though another party acts', () => {
    expectClaims('North Korean troops are fighting in Kursk. Ukraine has captured two of them.', [
      { metric: 'captured', low: 2 },
    ]);
  });

  it("does not give a relative clause's count the main clause's outcome", () => {
    expectClaims('North Korea, which sent about 14,000 soldiers to Russia, has lost roughly 6,000 of them.', [
      { metric: 'troops_deployed', low: 14_000, qualifier: 'approx' },
      { metric: 'casualties', low: 6_000, qualifier: 'approx' },
    ]);
  });
});

describe('a supply stated in the sentence after the recipient was named', () => {
  it('keeps missiles "delivered" right after a sentence that ships goods to Russia, and never ones fired', () => {
    expectClaims(
      "Ukraine's military intelligence said North Korea had handed over 120 self-propelled guns to Russia. It also said 148 KN-23 missiles had been delivered.",
      [{ metric: 'missiles_supplied', low: 148 }],
    );
    expectClaims(
      'North Korea has shipped artillery to Russia. Ukraine said 20 KN-23 missiles had been fired at Kyiv.',
      [],
    );
  });
});

describe("a count's own place", () => {
  it('counts no people sent to a place the topic does not track, or abroad, whatever else the sentence names', () => {
    expectClaims('South Korea plans to send 300 troops to Poland for a NATO exercise as North Korea aids Russia.', []);
    expectClaims('North Korea has some 100,000 workers abroad, mostly in China and Russia.', []);
    expectClaims('North Korea sent 11,000 troops to Kursk to help Russia.', [
      { metric: 'troops_deployed', low: 11_000 },
    ]);
  });
});

describe('a qualifier between a count and what names it', () => {
  it('reads a count after a colon and its qualifier, and a projection with an adverb, as usual', () => {
    expectClaims('North Korean soldiers in Russia: about 11,000, according to the Pentagon.', [
      { metric: 'troops_deployed', low: 11_000, qualifier: 'approx', attribution: 'US' },
    ]);
    expectClaims('Up to 100,000 North Korean troops could eventually be sent to Russia.', [
      { metric: 'troops_deployed', low: 100_000, qualifier: 'at_most', status: 'planned' },
    ]);
  });
});

describe('what a loss was', () => {
  it('takes the outcome named after the people over "lost", and "took N soldiers prisoner" as captured', () => {
    expectClaims('North Korea lost 2,000 troops killed and 3,000 wounded, Budanov said.', [
      { metric: 'killed', low: 2_000 },
      { metric: 'wounded', low: 3_000 },
    ]);
    expectClaims('North Korea has lost 4,000 soldiers in Kursk.', [{ metric: 'casualties', low: 4_000 }]);
    expectClaims('North Korean troops are fighting in Kursk. Ukraine took 2 North Korean soldiers prisoner.', [
      { metric: 'captured', low: 2 },
    ]);
  });
});

describe('wordings of a seventh batch of real text', () => {
  it('keeps a loss whose sentence names another party only after a preposition', () => {
    expectClaims(
      'North Korean troops who have recently engaged in combat with Ukrainian forces have suffered around 1,100 casualties, the JCS said.',
      [{ metric: 'casualties', low: 1_100, qualifier: 'approx', attribution: 'JCS' }],
    );
  });

  it('counts no breakdown by rank, and no one picked out of several', () => {
    expectClaims(
      'A total of around 12,000 North Korean troops, including 500 officers and three generals, were already in Russia.',
      [{ metric: 'troops_deployed', low: 12_000 }],
    );
    expectClaims(
      'Two North Korean soldiers were captured in January. One of several North Korean soldiers captured last month wants to go to South Korea.',
      [{ metric: 'captured', low: 2 }],
    );
  });

  it('reads "with up to 10,000 more expected by December" as more of the figure just named, planned', () => {
    expectClaims('The NIS said 3,000 North Korean troops are in Russia, with up to 10,000 more expected by December.', [
      { metric: 'troops_deployed', low: 3_000, status: 'actual' },
      { metric: 'troops_deployed', low: 10_000, qualifier: 'at_most', status: 'planned', scope: 'additional' },
    ]);
  });
});

describe('more spellings of a qualifier, and a count set apart by commas', () => {
  it('reads "upward of" as at least and "2,000-odd" as about', () => {
    expectClaims('The North has dispatched upward of 10,000 soldiers to Russia.', [
      { metric: 'troops_deployed', low: 10_000, qualifier: 'at_least' },
    ]);
    expectClaims('The 2,000-odd North Korean troops killed in Kursk were honoured in Pyongyang.', [
      { metric: 'killed', low: 2_000, qualifier: 'approx' },
    ]);
  });

  it("counts the actor's people restated between commas, and no other party's", () => {
    expectClaims("North Korean soldiers, some 11,000 in all, were sent to Russia's Kursk region.", [
      { metric: 'troops_deployed', low: 11_000, qualifier: 'approx' },
    ]);
    expectClaims('North Korean troops, about 4,000, have been killed or wounded in Kursk.', [
      { metric: 'casualties', low: 4_000 },
    ]);
    expectClaims('North Korea has sent troops to Russia. Ukrainian soldiers, some 2,000 in all, were killed.', []);
  });
});

describe('wordings of an eighth batch of real text', () => {
  it('counts no victims "they said" were killed, nor another party\'s historic losses', () => {
    expectClaims('North Korean KN-23 missiles are hitting Ukraine. They said three people were killed in Kyiv.', []);
    expectClaims(
      'North Korea has lost about 4,000 troops in Kursk. In Afghanistan, the Soviet Union lost about 15,000 soldiers.',
      [{ metric: 'casualties', low: 4_000 }],
    );
  });

  it('reads the first of two ages as an age, and leaves an outcome to the others it names (no "two ... killed")', () => {
    expectClaims(
      'North Korean troops fight in Kursk. The men who were killed there are 31 and 33 years old, their families said.',
      [],
    );
    expectClaims(
      'Ukraine initially believed they were North Korean soldiers when capturing these two men and estimated that others have probably been killed in combat.',
      [],
    );
  });
});

describe('a dispatch under way', () => {
  it('reads "is sending", "is considering sending" and "has begun sending" as planned', () => {
    expectClaims("North Korea is sending 5,000 military construction workers to Russia's Kursk region.", [
      { metric: 'workers_deployed', low: 5_000, status: 'planned' },
    ]);
    expectClaims('North Korea is considering sending up to 25,000 workers to a Russian drone plant.', [
      { metric: 'workers_deployed', low: 25_000, status: 'planned' },
    ]);
    expectClaims('North Korea has sent 11,000 troops to Russia.', [
      { metric: 'troops_deployed', low: 11_000, status: 'actual' },
    ]);
  });
});

describe('review of the rules above', () => {
  it('keeps a headline in title case and a count sent "to" a person\'s war', () => {
    expectClaims('North Korea Sends 10,000 Troops To Fight For Russia', [{ metric: 'troops_deployed', low: 10_000 }]);
    expectClaims("Kim Jong Un sent 11,000 soldiers to Vladimir Putin's war in Ukraine.", [
      { metric: 'troops_deployed', low: 11_000 },
    ]);
  });

  it('sums only people sent, never shells and missiles or the killed and the wounded', () => {
    expectClaims(
      'North Korea has sent 6,000 North Koreans to Russia. Pyongyang also shipped 1,000 missiles and 5,000 shells to Russia.',
      [
        { metric: 'troops_deployed', low: 6_000 },
        { metric: 'missiles_supplied', low: 1_000 },
        { metric: 'shells_supplied', low: 5_000 },
      ],
    );
  });

  it('takes after "lost" only an outcome right after the people, and no outcome word of a source', () => {
    expectClaims('North Korea has lost 4,000 soldiers, a prisoner exchange official said.', [
      { metric: 'casualties', low: 4_000 },
    ]);
  });

  it('reads "is sending" as planned only where it governs the count, and "more than" as a comparison', () => {
    expectClaims('North Korea, which is sending troops to Russia, has about 11,000 soldiers in Kursk.', [
      { metric: 'troops_deployed', low: 11_000, status: 'actual' },
    ]);
    expectClaims('North Korea, which began deploying troops in October, now has about 11,000 soldiers in Kursk.', [
      { metric: 'troops_deployed', low: 11_000, status: 'actual' },
    ]);
    expectClaims('North Korea has sent 11,000 troops to Russia, 1,000 more than Seoul estimated.', [
      { metric: 'troops_deployed', low: 11_000 },
    ]);
    expectClaims('North Korean troops in Russia now number 12,000, more than expected by Seoul.', [
      { metric: 'troops_deployed', low: 12_000, status: 'actual' },
    ]);
    expectClaims('About 11,000 North Korean troops could also be sent into combat, Kyiv said.', [
      { metric: 'troops_deployed', low: 11_000, status: 'actual' },
    ]);
  });

  it('counts the people a unit is "of", and parts written as words, and another party only as the subject', () => {
    expectClaims('North Korea has sent a 1,000-strong team of military engineers to Kursk.', [
      { metric: 'sappers_deployed', low: 1_000 },
    ]);
    expectClaims('North Korea sent 11,000 troops to Russia. Ukraine has captured twelve of them.', [
      { metric: 'troops_deployed', low: 11_000 },
      { metric: 'captured', low: 12 },
    ]);
    expectClaims('North Korean troops fighting alongside Russian forces have suffered 1,100 casualties.', [
      { metric: 'casualties', low: 1_100 },
    ]);
  });
});

describe('outcomes at home and counts of places', () => {
  it('counts no soldiers who died in an accident or a drill, nor construction sites', () => {
    expectClaims('Kim Jong Un attended a funeral for 20 soldiers who died in a training accident near Pyongyang.', []);
    expectClaims('North Korean workers at 300 construction sites in Russia earn about $1,000 a month.', []);
    expectClaims(
      'North Korean leader Kim Jong Un paid tribute to nine soldiers killed during the deployment to Russia.',
      [{ metric: 'killed', low: 9 }],
    );
  });
});

describe('a number pointing back to the sentence before', () => {
  it('counts people by what befell them, and "the toll" as an outcome, not the forces it befell', () => {
    expectClaims('How many North Korean soldiers have died? Ukraine puts the number at about 4,000.', [
      { metric: 'killed', low: 4_000, qualifier: 'approx' },
    ]);
    expectClaims(
      'The Pentagon said North Korean forces in Kursk have suffered "several hundred" casualties. A US official later put the toll at around 1,200.',
      [{ metric: 'casualties', low: 1_200, qualifier: 'approx' }],
    );
  });
});

describe('ages beside a count', () => {
  it('reads "aged 20 and 26" and ", 20 and 26," as ages, and keeps the count and its outcome across them', () => {
    expectClaims('Two North Korean soldiers, 20 and 26, were captured in Kursk.', [{ metric: 'captured', low: 2 }]);
    expectClaims('Two North Korean soldiers, aged 20 and 26, were captured in Kursk.', [
      { metric: 'captured', low: 2 },
    ]);
  });
});

describe('anyone named but the actor as the subject of a deployment', () => {
  it("counts no troops another country sends, and keeps the actor's own and a pronoun's", () => {
    expectClaims('North Korea has sent troops to Russia. Poland has deployed 2,000 soldiers.', []);
    expectClaims('North Korea has sent troops to Russia. They have deployed 3,000 more soldiers to Kursk.', [
      { metric: 'troops_deployed', low: 3_000, scope: 'additional' },
    ]);
    expectClaims('North Korea has sent troops to Russia. Kim has sent 3,000 more soldiers.', [
      { metric: 'troops_deployed', low: 3_000, scope: 'additional' },
    ]);
  });
});

describe("another country's forces and what the actor only holds", () => {
  it("counts no troops another party names as theirs or keeps elsewhere, and keeps the actor's own", () => {
    expectClaims('The Pentagon said 3,000 U.S. troops deployed to Europe, as North Korea sent soldiers to Russia.', []);
    expectClaims(
      'About 2,000 South Korean soldiers were sent to the front, while North Korea sent soldiers to Russia.',
      [],
    );
    expectClaims(
      'Some 3,000 troops from the US were sent to the war zone, while North Korea sent soldiers to Russia.',
      [],
    );
    expectClaims('About 3,000 NATO troops were sent to the front, while North Korea sent soldiers to Russia.', []);
    expectClaims(
      'About 28,500 troops are stationed in South Korea to deter North Korea, which has sent soldiers to Russia.',
      [],
    );
    expectClaims('About 3,000 troops from North Korea were sent to Russia.', [
      { metric: 'troops_deployed', low: 3000 },
    ]);
    expectClaims('About 3,000 North Korean troops are stationed in Kursk.', [{ metric: 'troops_deployed', low: 3000 }]);
  });

  it('reads "has 300 missiles" as a stock, not a supply, unless the recipient holds them', () => {
    expectClaims(
      'North Korea has 300 KN-23 missiles in its arsenal, experts estimate, and could send more to Russia.',
      [],
    );
    expectClaims('North Korea possesses about 1,000 ballistic missiles, and has sent some to Russia.', []);
    expectClaims('North Korea has shipped 100 KN-23 missiles to Russia.', [{ metric: 'missiles_supplied', low: 100 }]);
  });

  it('counts no troops withdrawn, sent on a mission elsewhere, or prisoners other parties swap', () => {
    expectClaims(
      'The US will cut its brigades in Europe from four to three, withdrawing some 3,000 troops, as North Korean soldiers remain in Russia.',
      [],
    );
    expectClaims(
      'South Korea will send 500 troops to a UN mission in Lebanon, while North Korea sends soldiers to Russia.',
      [],
    );
    expectClaims(
      'Ukraine and Russia exchanged 390 prisoners each on Friday; two North Korean POWs were not included.',
      [{ metric: 'captured', low: 2 }],
    );
  });

  it('counts no soldiers killed at the inter-Korean border', () => {
    expectClaims(
      'Three North Korean soldiers were killed by a landmine explosion near the demilitarized zone, Seoul said.',
      [],
    );
    expectClaims('About 3,000 North Korean soldiers were killed, the spy agency said.', [
      { metric: 'killed', low: 3000 },
    ]);
  });
});

describe('one document at a time', () => {
  it('gives every document the same claims whatever was read before it', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = repoPath('tests/fixtures/dev');
    const texts = readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => readFileSync(`${dir}/${f}`, 'utf8'));
    const alone = texts.map((t) => JSON.stringify(claims(t)));
    // Read again in reverse order: any state left by one document would show in the next one's claims.
    const reversed = [...texts].reverse().map((t) => JSON.stringify(claims(t)));
    assert.deepEqual(reversed.reverse(), alone);
  });
});

describe('wordings of batch 9', () => {
  it('reads the group a person is picked from, and "one of two" as no count of one', () => {
    expectClaims('One of the two North Korean soldiers captured by Ukrainian forces wants to defect.', [
      { metric: 'captured', low: 2 },
    ]);
    expectClaims('One of two North Korean soldiers captured by Ukrainian forces wants to defect.', [
      { metric: 'captured', low: 2 },
    ]);
    expectClaims('One of the 11,000 North Korean soldiers sent to Russia has defected.', [
      { metric: 'troops_deployed', low: 11000 },
    ]);
  });

  it('counts no workers shipped to a factory in another country', () => {
    expectClaims(
      'About two thousand North Korean workers were shipped to a factory in China, where they rioted; others work in Russia.',
      [],
    );
    expectClaims('About 2,000 North Korean workers were shipped to a construction site in Russia.', [
      { metric: 'workers_deployed', low: 2000 },
    ]);
    expectClaims('About 3,000 North Korean troops were sent to fight in Ukraine.', [
      { metric: 'troops_deployed', low: 3000 },
    ]);
  });

  it('counts "a deployment of 11,000" as troops', () => {
    expectClaims('Pyongyang is suffering a high rate of losses among its existing deployment of 11,000 in Russia.', [
      { metric: 'troops_deployed', low: 11000 },
    ]);
  });

  it('reads no claims from the headlines of other stories under "Read also:"', () => {
    expectClaims(
      'North Korea sent troops to Russia.\nRead also:\n- Landslide claims seven lives, injures six individuals in Pakistan',
      [],
    );
  });

  it('takes "the United States" as no speaker named "United", and "its estimates" from the sentence or the one before', () => {
    // The statement is named by its source: the United States, never "United".
    expectClaims(
      'The meeting followed an allegation by the United States that North Korea has deployed about 10,000 troops to Russia.',
      [{ metric: 'troops_deployed', low: 10000, attribution: 'US' }],
    );
    expectClaims('According to its estimates, North Korea has sent around 11,000 soldiers to Russia, the NIS said.', [
      { metric: 'troops_deployed', low: 11000, attribution: 'NIS' },
    ]);
    expectClaims(
      "South Korea's spy agency briefed lawmakers. According to its estimates, North Korea has sent around 11,000 soldiers to Russia.",
      [{ metric: 'troops_deployed', low: 11000, attribution: 'NIS' }],
    );
  });

  it("counts no victims of the actor's weapons, nor losses of another party that stands before an aside", () => {
    expectClaims('The strike, using North Korean missiles, left 25 dead and 100 injured.', []);
    expectClaims('A strike with KN-23 missiles from North Korea killed 12 and wounded 40 in Kharkiv.', []);
    expectClaims('Russian forces, backed by North Korean troops, have lost 45,000 men in Kursk.', []);
    expectClaims('North Korean troops have lost 4,000 men in Kursk, with 25 dead in one day.', [
      { metric: 'casualties', low: 4000 },
      { metric: 'killed', low: 25 },
    ]);
  });

  it('counts no army the actor has, of which a part was sent, and keeps a deployment part of which died', () => {
    expectClaims('North Korea has some 200,000 special forces, and it has sent some of them to Russia.', []);
    expectClaims("The North's 11th Corps has about 40,000 soldiers, some of whom have been sent to Russia.", []);
    expectClaims('North Korea sent 11,000 soldiers to Russia, some of whom have been killed.', [
      { metric: 'troops_deployed', low: 11000 },
    ]);
  });

  it('gives a sentence that goes on with its paragraph the source of the one before, and not across paragraphs', () => {
    const first = 'The NIS told lawmakers that North Korea has sent 11,000 troops to Russia.';
    const second = 'In addition, about 15,000 North Korean workers have been sent to Russia.';
    expectClaims(`${first} ${second}`, [
      { metric: 'troops_deployed', low: 11000, attribution: 'NIS' },
      { metric: 'workers_deployed', low: 15000, attribution: 'NIS' },
    ]);
    // A name the sentence before only mentions states nothing.
    expectClaims(
      'The plan follows a meeting between Kim Jong Un and Sergei Shoigu. During the meeting, Kim agreed to send 1,000 sappers to Russia.',
      [{ metric: 'sappers_deployed', low: 1000, attribution: null }],
    );
    expectClaims(`${first}\n\n${second}`, [
      { metric: 'troops_deployed', low: 11000, attribution: 'NIS' },
      { metric: 'workers_deployed', low: 15000, attribution: null },
    ]);
  });

  it('reads who says a figure: a list of names, a passive, "it also confirmed", a paper named with its article', () => {
    expectClaims(
      'Seoul, Washington and Kyiv have previously said that there are around 12,000 North Korean troops in Russia.',
      [{ metric: 'troops_deployed', low: 12000, attribution: 'South Korea, US and Ukraine' }],
    );
    expectClaims('The North is estimated to have dispatched some 11,000 troops to Russia.', [
      { metric: 'troops_deployed', low: 11000, attribution: null },
    ]);
    expectClaims(
      'The NIS briefed lawmakers. It also confirmed the North has decided to dispatch around 12,000 troops to Russia.',
      [{ metric: 'troops_deployed', low: 12000, attribution: 'NIS' }],
    );
    expectClaims('The Times reported on Oct. 4 that North Korea had shipped 3 million shells to Russia.', [
      { metric: 'shells_supplied', low: 3000000, attribution: 'The Times' },
    ]);
  });

  it('reads "now" before the count, "the end of last year", "October of the previous year" and "the January-March period" as times', () => {
    expectClaims('The NIS estimates there are now 10,900 to 12,000 North Korean troops stationed in Russia.', [
      { metric: 'troops_deployed', low: 10900, when: 'now' },
    ]);
    expectClaims('North Korea had sent 11,000 troops to Russia by the end of last year, the NIS said.', [
      { metric: 'troops_deployed', low: 11000, when: 'by the end of last year' },
    ]);
    expectClaims('Since October of the previous year, North Korea has dispatched about 13,000 troops to Russia.', [
      { metric: 'troops_deployed', low: 13000, when: 'Since October of the previous year' },
    ]);
  });

  it('counts people moved as sent, whatever outcome was named before them', () => {
    expectClaims(
      'About 2,000 wounded North Korean soldiers were flown home in the January-March period, the NIS said, after 11,000 were sent to Russia.',
      [
        { metric: 'wounded', low: 2000, when: 'the January-March period' },
        { metric: 'troops_deployed', low: 11000 },
      ],
    );
  });
});

describe('wordings of batch 10', () => {
  it('counts no victims of a strike counted as people, nor of a flood, nor a people drafted by another country', () => {
    expectClaims(
      'North Korean missiles were fired at Kharkiv. The most lethal strike was on Jan. 2 when three people were killed and 64 others were injured, he said.',
      [],
    );
    expectClaims('Up to 1,500 dead in floods in North Korea', []);
    expectClaims(
      'Floods hit North Korea. The number of dead and missing people is estimated at 1,100 to 1,500, according to broadcaster Chosun.',
      [],
    );
    expectClaims('Some North Koreans already in Ukraine as Kyiv drafts 160,000 troops', []);
  });

  it('reads the part and the whole across a qualifier: "3,800 of the approximately 12,000 soldiers deployed"', () => {
    expectClaims(
      'Zelensky stated that around 3,800 of the approximately 12,000 North Korean soldiers deployed had died or been injured in Kursk.',
      [
        { metric: 'casualties', low: 3800 },
        { metric: 'troops_deployed', low: 12000 },
      ],
    );
  });

  it('counts no force another commands, nor workers employed overseas', () => {
    expectClaims(
      'USFK, which commands roughly 28,500 troops on the peninsula, watches North Korea, whose soldiers are in Russia.',
      [],
    );
    expectClaims(
      'Around 100,000 North Korean workers remained employed overseas in 2023, including in Russia and China.',
      [],
    );
  });

  it('counts no outcome of one or two soldiers, a story of individuals, but keeps two prisoners', () => {
    expectClaims('The paratroopers said they found one North Korean soldier wounded in a trench in Kursk.', []);
    expectClaims('A video showed the interrogation of the two wounded North Korean soldiers held in Kyiv.', []);
    expectClaims('Ukraine has captured two North Korean soldiers in Kursk.', [{ metric: 'captured', low: 2 }]);
  });

  it('reads an outcome that includes another as both together: "1,000 had been wounded, including 100 dead"', () => {
    expectClaims(
      'Of the 11,000 North Korean troops in Kursk, 1,000 had been wounded, including 100 dead, the NIS said.',
      [
        { metric: 'troops_deployed', low: 11000 },
        { metric: 'casualties', low: 1000 },
        { metric: 'killed', low: 100 },
      ],
    );
  });

  it('reads "will go", "will receive", "will get" and "could spike to" as planned', () => {
    expectClaims('Budanov said the first cadre of 2,600 North Korean soldiers will go to the Kursk region.', [
      { metric: 'troops_deployed', low: 2600, status: 'planned' },
    ]);
    expectClaims('Russia will receive 6,000 North Korean builders and deminers, Shoigu said.', [
      { metric: 'workers_deployed', low: 6000, status: 'planned' },
    ]);
    expectClaims('Zelensky says North Korean troops in Russia could spike to 100,000.', [
      { metric: 'troops_deployed', low: 100000, status: 'planned', qualifier: 'at_most' },
    ]);
  });

  it('takes no speaker from "according to intelligence" or a capitalised "Earlier"', () => {
    expectClaims(
      'According to intelligence, between 1,000 and 3,000 North Korean soldiers were transferred to Russia.',
      [{ metric: 'troops_deployed', low: 1000, attribution: null }],
    );
    expectClaims('North Korea sent troops to Russia. Earlier estimates mentioned 3,000 casualties among them.', [
      { metric: 'casualties', low: 3000, attribution: null },
    ]);
  });

  it("keeps another party's loss after 'adding that' out of the actor's count, and prisoners another party returns", () => {
    expectClaims(
      'North Korea has sent 11,000 troops to Russia, Zelensky said, adding that Russia had lost 600,000 soldiers.',
      [{ metric: 'troops_deployed', low: 11000 }],
    );
    expectClaims(
      'At least 100 North Korean soldiers stationed in Russia have died, and another 1,000 have been injured.',
      [
        { metric: 'killed', low: 100 },
        { metric: 'wounded', low: 1000 },
      ],
    );
    expectClaims("Ukraine returned 150 prisoners in a swap; North Korea's captured soldiers were not part of it.", []);
  });

  it('reads "approx.", "12 mn", "NK troops" and "KIA"', () => {
    expectClaims('Pyongyang dispatched approx. 11,000 soldiers to Kursk, per the NIS.', [
      { metric: 'troops_deployed', low: 11000, qualifier: 'approx' },
    ]);
    expectClaims('North Korea has supplied Russia with more than 12 mn artillery shells, Seoul said.', [
      { metric: 'shells_supplied', low: 12000000 },
    ]);
    expectClaims('NK troops in Russia: 11K, says Pentagon', [
      { metric: 'troops_deployed', low: 11000, attribution: 'US' },
    ]);
    expectClaims('Around 600 North Korean soldiers have been KIA in Kursk, according to the NIS.', [
      { metric: 'killed', low: 600 },
    ]);
  });

  it('counts no people sent to the actor', () => {
    expectClaims("Russia plans to send 10,000 workers to North Korea's Rason zone.", []);
    expectClaims('Russia sent 2,000 troops to North Korea for joint drills.', []);
    expectClaims('North Korea sent 2,000 troops to Russia.', [{ metric: 'troops_deployed', low: 2000 }]);
  });
});

describe('wordings of the probe texts (news-style hard negatives written beside the tune texts)', () => {
  it('counts no figure of another party named after a speaker, before an aside, or later in the sentence', () => {
    expectClaims(
      'North Korea has sent 11,000 troops to Kursk. Budanov said Russia had concentrated about 50,000 troops of its own in the region.',
      [{ metric: 'troops_deployed', low: 11000 }],
    );
    expectClaims(
      'North Korea sent pilots to Vietnam. In those years, South Korea, for its part, sent around 300,000 troops to South Vietnam, more than 5,000 of whom were killed.',
      [],
    );
    expectClaims(
      'The war killed millions; China sent 3 million volunteers to save Kim Il Sung, and the United States lost nearly 37,000 dead.',
      [],
    );
    expectClaims(
      'About 7,000 U.S. soldiers remain missing from the Korean War, about 5,000 of them believed lost in what is now North Korea.',
      [],
    );
  });

  it('counts no loss of a joint grouping, none inflicted on another party, and none restated from another party', () => {
    expectClaims(
      'HUR said a joint Russian and North Korean grouping in Kursk had lost about 200 personnel killed and wounded.',
      [],
    );
    expectClaims(
      'North Korean troops fought beside Russian units in Kursk. Moscow said its forces had inflicted "up to 400 casualties" on Ukrainian troops.',
      [],
    );
    expectClaims('North Korea may soon have as many as 12,000 soldiers on Russian soil, Zelensky warned.', [
      { metric: 'troops_deployed', low: 12000 },
    ]);
    expectClaims(
      'Bloggers said North Korean commandos killed around 250 Ukrainian soldiers in Kursk. Pyongyang has not commented, and the claim of 250 dead could not be verified.',
      [],
    );
  });

  it('counts no ages, no people of a disaster, and no war on the peninsula', () => {
    expectClaims(
      'Russia relies on foreign fighters, including troops from North Korea, many of whom are believed to be under 25.',
      [],
    );
    expectClaims(
      'Kim toured the flooded county. Seoul media reported that as many as 1,000 people may have died or gone missing, which Kim denied.',
      [],
    );
    expectClaims('Study: North Korea could mobilise 150,000 special forces in a war on the peninsula', []);
    expectClaims('North Korea has sent 10,000 troops to Russia, raising fears for security on the Korean peninsula.', [
      { metric: 'troops_deployed', low: 10000 },
    ]);
  });

  it('reads the outcome past a relative clause and stops at a vaguer count', () => {
    expectClaims(
      'More than 1,000 North Korean soldiers have been killed out of the roughly 11,000 who were sent to Russia, officials said.',
      [
        { metric: 'killed', low: 1000 },
        { metric: 'troops_deployed', low: 11000 },
      ],
    );
    expectClaims('North Korean troops fight in Kursk. About 2,000 who were sent to the front were killed.', [
      { metric: 'killed', low: 2000 },
    ]);
    expectClaims('Report: 12.000 North Korean soldiers in Russia, "several hundred" dead', [
      { metric: 'troops_deployed', low: 12000 },
    ]);
  });
});

describe('wordings of the second round of probe texts (other parties in the same sentence, outlet styles)', () => {
  it('counts no goods another party received, nor what another party agrees to ship or send', () => {
    expectClaims(
      'North Korea has shipped more than 5 million shells to Russia, Seoul said, while Ukraine received 1.2 million rounds through the Czech initiative.',
      [{ metric: 'shells_supplied', low: 5000000 }],
    );
    expectClaims('Ukraine Receives 40 Patriot Missiles as North Korean Missile Attacks on Kyiv Increase', []);
    expectClaims('Iran Agrees to Ship 150 Missiles to Moscow as Pyongyang Envoy Visits Tehran', []);
    expectClaims('Russia to Send 3,000 Soldiers for Joint Drills in North Korea, Report Says', []);
    expectClaims(
      'North Korean soldiers train at Russian bases, Ukraine said, as Russia expands its drone forces to 70,000 personnel.',
      [],
    );
  });

  it('counts no exchange between other parties, and no part of a count just found another party’s', () => {
    expectClaims('Ukraine and Russia Swap 250 Prisoners Each; North Koreans Held in Kyiv Not Included', []);
    expectClaims(
      'North Korean POWs stay in Kyiv. A further 150 prisoners on each side are due to be released this week.',
      [],
    );
    expectClaims(
      'Russia has recruited more than 15,000 foreign citizens to fight, not counting soldiers sent by North Korea, and at least 2,100 of them have been killed.',
      [],
    );
  });

  it('counts no exercise, no work in a third country, no loss of another war and no strike victims', () => {
    expectClaims('Summer Drills Involve 19,000 Soldiers as North Korea Fights for Russia', []);
    expectClaims(
      'About 1,500 North Korean workers at garment and seafood factories in Hunchun, northeast China, went on strike.',
      [],
    );
    expectClaims(
      'North Korea sent about 200 pilots to North Vietnam in 1967, where at least 14 of them were killed, records show.',
      [],
    );
    expectClaims(
      'A North Korean missile struck Kharkiv on Jan. 2, killing two people and injuring more than 60, prosecutors said.',
      [],
    );
  });

  it('reads "as casualties pass 5,000" as a clause of its own with its own count', () => {
    expectClaims('North Korea sends 4,000 more troops to Russia as casualties pass 5,000, Seoul says', [
      { metric: 'troops_deployed', low: 4000 },
      { metric: 'casualties', low: 5000 },
    ]);
    expectClaims('About 4,000 North Korean soldiers were counted as casualties in the fighting.', [
      { metric: 'casualties', low: 4000 },
    ]);
  });
});

describe('wordings of the third round of probe texts (sentences after the actor about another party)', () => {
  const lead = 'North Korean troops joined the assault near Sudzha. ';
  it("counts no loss of the speaker's unit, nor of a unit named by its kind beside another party, nor the rest of its toll", () => {
    expectClaims(`${lead}"We lost 14 men in one night," the commander said.`, []);
    expectClaims(`${lead}His own unit lost 5 men over the same period, he said.`, []);
    expectClaims(
      `${lead}Russia's 810th brigade led it. The brigade lost 250 men in two days, the Russian blogger said.`,
      [],
    );
    expectClaims(
      `${lead}"The defenders lost nine men, and 21 were wounded," said the commander of the Ukrainian unit.`,
      [],
    );
    expectClaims(`${lead}The brigade's own losses in the battle were 6 killed and 30 wounded, the commander said.`, []);
  });

  it("counts no unit's strength, no swap, no part of things, no victims counted with children", () => {
    expectClaims(`${lead}Russian prisoners said their company of 110 men had been reduced to 20.`, []);
    expectClaims(`${lead}A Russian channel said one motorised rifle regiment was down to 140 men.`, []);
    expectClaims(`${lead}He was freed in a swap of 120 prisoners for 120.`, []);
    expectClaims(`${lead}The brigade said it had lost 4 of its 31 Abrams tanks.`, []);
    expectClaims(
      `${lead}A strike on Kharkiv followed. Another 70 were injured, including 8 children, officials said.`,
      [],
    );
  });

  it("counts no figure said of another party, nor a unit's own people", () => {
    expectClaims(
      `${lead}"They have lost 1,100 troops this week," the commander said of the Russian units in an interview.`,
      [],
    );
    expectClaims(`${lead}"They lost more than 30,000 in Kursk alone," he said, referring to the Russian army.`, []);
    expectClaims(`${lead}"We took 17 prisoners, all of them Russian."`, []);
    expectClaims(`${lead}The unit said 35 of its marines were killed and a further 100 were wounded.`, []);
  });

  it('keeps a count whose other party is only whom the actor fought, and a sub-total by place', () => {
    expectClaims(
      'North Korea began sending troops to Russia in October, US officials said.\n\nAbout 11,000 had arrived in the Kursk region by mid-November, the officials said, and some had already engaged Ukrainian forces.',
      [{ metric: 'troops_deployed', low: 11000 }],
    );
    expectClaims(
      'At least 5 killed, 55 injured in Russian missile strike on Izium, North Korean missile suspected',
      [],
    );
    expectClaims(
      'North Korean soldiers have been concentrated in the Kursk region, Budanov said.\n\nAbout 8,000 of them are at the front line, he said, with the rest in reserve.',
      [{ metric: 'troops_deployed', low: 8000 }],
    );
  });

  it('reads "they lost" after a sentence about another party as theirs, and after one about the actor as the actor\'s', () => {
    expectClaims(
      `${lead}Russian units pressed on. In the last 24 hours they lost 1,100 personnel, the General Staff said.`,
      [],
    );
    expectClaims('North Korean troops suffered heavy losses in Kursk. They have lost about 4,000 men, Zelensky said.', [
      { metric: 'casualties', low: 4000 },
    ]);
  });
});

describe('wordings of the fourth round of probe texts (the actor as the subject of other stories)', () => {
  it('counts no dead of another war, an outbreak or a crash at home', () => {
    expectClaims(
      'The cemetery once held the remains of 14 North Korean pilots killed in the air war against the United States.',
      [],
    );
    expectClaims('Pyongyang reported 74 deaths during the outbreak, a rate experts called implausibly low.', []);
    expectClaims(
      'Four North Korean soldiers were killed and several injured when a military truck overturned on the Pyongyang-Kaesong highway.',
      [],
    );
    expectClaims('North Korea has lost 300 soldiers in Kursk, Seoul said, after a crash of its supply column.', [
      { metric: 'casualties', low: 300 },
    ]);
  });
});

describe('wordings of the fourth round of probe texts (long articles mixing figures)', () => {
  it('reads a decimal lower bound with the upper bound\'s scale, and "from 12 to 15 thousand" as a range unless it changes', () => {
    expectClaims('Pyongyang transferred in the range of 3.6 to 4.4 million artillery rounds to Russia.', [
      { metric: 'shells_supplied', low: 3_600_000, high: 4_400_000 },
    ]);
    expectClaims(
      'According to Western estimates, from 12 to 15 thousand North Korean servicemen have taken part in the fighting in Kursk.',
      [{ metric: 'troops_deployed', low: 12000, high: 15000 }],
    );
  });

  it('counts no ratio, no rounds another party expends, no peacekeepers of other countries, and a demining unit as sappers', () => {
    expectClaims(
      'North Korean casualties in Kursk were mostly fatal, roughly one killed for every three wounded, analysts said.',
      [],
    );
    expectClaims(
      'North Korea has shipped shells to Russia, whose forces were expending an estimated 10,000 to 12,000 rounds per day.',
      [],
    );
    expectClaims(
      'North Korean troops are in Kursk. Britain and France have said they could deploy troops to Ukraine as part of a force of up to 30,000.',
      [],
    );
    expectClaims("North Korea sent a 1,000-strong demining unit to Russia's Kursk region.", [
      { metric: 'sappers_deployed', low: 1000 },
    ]);
  });
});

describe('wordings of the third round of probe texts (short pages)', () => {
  it('counts no loss of a mixed unit written with a hyphen, and no dead of a story about a flood', () => {
    expectClaims("Mixed Russian-North Korean Unit Lost 300 Men In Kursk In One Day, Ukraine's Intelligence Claims", []);
    expectClaims(
      'Floods displace more than 3,000 in N. Korea\'s Sinuiju; Kim visits area\n\nHeavy rain forced evacuations, state media said. South Korean media estimates of up to 1,200 dead were "a smear," Kim said.',
      [],
    );
    expectClaims(
      'North Korea sent 3,000 more troops to Russia after floods\n\nAbout 300 North Korean soldiers have been killed in Kursk, Seoul said.',
      [
        { metric: 'troops_deployed', low: 3000 },
        { metric: 'killed', low: 300 },
      ],
    );
  });
});

describe('reference and dating: whom "them" and "they" name, and figures of earlier years', () => {
  it('reads "of them" as a part of what the sentence before counted last, and "they" as the subject before', () => {
    expectClaims(
      'Pyongyang has praised the war effort. Since 2023 the ministry has enlisted some 90,000 convicts, the group said. Of them, about 12,000 have died, it estimated.',
      [],
    );
    expectClaims(
      'Russia thanked North Korea for its support and said it had downed 95 drones overnight. It said 40 of them were destroyed over the Kursk region.',
      [],
    );
    expectClaims(
      'North Korean missiles were not used. Russia launched 60 drones overnight. Air defences downed 38 of the drones, and 17 were lost to jamming.',
      [],
    );
    expectClaims(
      'Kim Jong Un met Russian officials in Pyongyang. Further south, meanwhile, Russian forces pressed on near Pokrovsk. They have taken 9 villages this month, and their losses exceed 5,000 men, Kyiv said.',
      [],
    );
    expectClaims(
      'The brigade said North Koreans were not among the attackers. "These are Russian convicts," its spokesman said. "This week they lost 300 men killed and about 500 wounded."',
      [],
    );
    expectClaims(
      "Russian channels praised North Korea's help in Kursk. The 76th Guards Air Assault Division lost about 900 men near the river, one channel wrote.",
      [],
    );
    expectClaims('North Korea has sent troops to Russia, the NIS said. Of them, about 300 have been killed.', [
      { metric: 'killed', low: 300 },
    ]);
    expectClaims(
      'North Korea has admitted that it sent combat troops to help Russia in Kursk. It sent 14-thousand of them, according to South Korean estimates.',
      [{ metric: 'troops_deployed', low: 14000 }],
    );
    expectClaims(
      "North Korea's troops in Kursk have suffered some 4,000 casualties, the NIS said. Of these, about 500 were deaths, it said.",
      [
        { metric: 'casualties', low: 4000 },
        { metric: 'killed', low: 500 },
      ],
    );
  });

  it('counts no other party named with "in" after it, and no outcome of a thing named just before the verb', () => {
    expectClaims(
      "North Korean soldiers have fought in Kursk since December. Ukraine's military said Russian forces in the same area had lost 1,100 soldiers last week.",
      [],
    );
    expectClaims(
      'Kim agreed to send military builders to Russia. "Four thousand of them will come to rebuild the bridges destroyed by the enemy," Shoigu said.',
      [{ metric: 'workers_deployed', low: 4000 }],
    );
  });

  it('counts no other measure of a capacity, no compound of a topic noun, and no figure dated before the topic', () => {
    expectClaims(
      'North Korea has shipped about 7,000 containers to Russia, which could hold up to 3.5 million rounds of 152 mm shells or 600,000 rounds of 122 mm rockets, Seoul said.',
      [],
    );
    expectClaims(
      'North Korean soldiers are held in Ukraine. Kyiv carried out 9 prisoner exchanges with Russia last year.',
      [],
    );
    expectClaims(
      'The Korean War began when North Korea sent 75,000 soldiers south across the border on June 25, 1950.',
      [],
    );
    expectClaims(
      'North Korea rarely fights abroad; it last sent troops in the 1970s and 1980s, when up to 3,000 were deployed to Angola and to Russia-backed forces.',
      [],
    );
    expectClaims(
      'The number of North Koreans arriving in Russia is the highest since 2018, when about 20,000 North Koreans traveled to Russia as workers were dispatched.',
      [],
    );
    expectClaims('North Korea has sent about 10,000 workers to Russia since 2019, when sanctions were tightened.', [
      { metric: 'workers_deployed', low: 10000 },
    ]);
    expectClaims('Two captured North Korean soldiers, born in 1998 and 2004, were shown on video by Ukraine.', [
      { metric: 'captured', low: 2 },
    ]);
    expectClaims('North Korea, which fought in the 1950-53 Korean War, has sent 11,000 troops to Russia.', [
      { metric: 'troops_deployed', low: 11000 },
    ]);
  });
});

describe('who states a figure and when, in more wordings', () => {
  it('gives a loss with no source to the side that inflicted it, and a figure to the speaker an outlet reports', () => {
    expectClaims('For the first time, Ukrainian forces have captured two North Korean soldiers in Kursk.', [
      { metric: 'captured', low: 2, attribution: 'Ukraine' },
    ]);
    expectClaims('Three North Korean soldiers were captured by Ukrainian paratroopers near Sudzha.', [
      { metric: 'captured', low: 3, attribution: 'Ukraine' },
    ]);
    expectClaims('North Korea has sent 11,000 troops to Russia.', [
      { metric: 'troops_deployed', low: 11000, attribution: null },
    ]);
    expectClaims('According to Reuters, the NIS said that North Korea has sent 3,000 more troops to Russia.', [
      { metric: 'troops_deployed', low: 3000, attribution: 'NIS' },
    ]);
    expectClaims('North Korea has sent 3,000 more troops to Russia, according to Reuters.', [
      { metric: 'troops_deployed', low: 3000, attribution: 'Reuters' },
    ]);
    expectClaims('South Korean legislators estimate North Korea has sent 15,000 troops to Russia.', [
      { metric: 'troops_deployed', low: 15000, attribution: 'South Korean lawmaker' },
    ]);
  });

  it('reads days before the month, ranges of days, "late last year", "this past August" and "as early as"', () => {
    expectClaims('On 28 October the Pentagon said North Korea had sent 10,000 troops to Russia.', [
      { metric: 'troops_deployed', low: 10000, when: '28 October' },
    ]);
    expectClaims('The NIS said ships carried 1,500 North Korean troops to Vladivostok from Oct. 8-13.', [
      { metric: 'troops_deployed', low: 1500, when: 'from Oct. 8-13' },
    ]);
    expectClaims('North Korea sent some 11,000 troops to Russia late last year, Seoul said.', [
      { metric: 'troops_deployed', low: 11000, when: 'late last year' },
    ]);
    expectClaims('About 1,000 North Korean engineers arrived in Kursk this past August.', [
      { metric: 'sappers_deployed', low: 1000, when: 'this past August' },
    ]);
    expectClaims('Pyongyang will send 5,000 military construction workers to Russia as early as this month.', [
      { metric: 'workers_deployed', low: 5000, when: 'as early as this month' },
    ]);
  });
});

describe('wordings of the fifth round of probe texts (dates, capacities, shares, swaps)', () => {
  it('counts no figure of a sentence opened by an earlier year, no capacity of each ship, no share and no swap', () => {
    expectClaims(
      'VLADIVOSTOK (RFA) -- Back in 2018, about 5,000 North Koreans worked on building sites in Primorye, officials said.',
      [],
    );
    expectClaims('On June 25, 1950, some 135,000 North Korean soldiers crossed into the South.', []);
    expectClaims(
      'Cargo ships sailing from North Korea to Russia can each carry up to 90,000 artillery shells or 12,000 rockets, analysts said.',
      [],
    );
    expectClaims('NIS: One in three North Korean soldiers in Kursk killed or wounded', []);
    expectClaims(
      "Ukraine and Russia each returned 900 prisoners on Friday, but Ukraine's two North Korean prisoners were not among them.",
      [{ metric: 'captured', low: 2 }],
    );
  });

  it("reads 'the brigade' of another party named just before as its own, and the actor's units beside it as the actor's", () => {
    expectClaims(
      "Russia's 810th Naval Infantry Brigade was pulled out of Kursk, Ukraine said. The brigade lost 700 men killed and wounded in assaults it carried out alongside North Korean units.",
      [],
    );
    expectClaims(
      "Russia's 810th Naval Infantry Brigade lost about 500 men, a Ukrainian unit said. North Korean units fighting beside the brigade lost about 200 killed over the same period.",
      [{ metric: 'killed', low: 200 }],
    );
  });
});

describe('wordings of the sixth round of probe texts', () => {
  it("counts no loss of another party's side or legion, no age, and no missiles sent to strengthen another party", () => {
    expectClaims(
      'North Korean troops attacked near Sudzha. A Russian officer quoted by a pro-Kremlin channel said the Russian side had lost 45 men in the same engagements.',
      [],
    );
    expectClaims(
      "North Korean troops fight for Russia. Ukraine's International Legion has fighters from 55 nations; the Georgian National Legion alone has lost 58 members since 2022, its commander said.",
      [],
    );
    expectClaims(
      'Kim praised the alliance with Russia at a cemetery of Chinese soldiers, including Mao Anying, who was killed in 1950 at the age of 28.',
      [],
    );
    expectClaims(
      "North Korea has sent missiles to Russia. The United Kingdom is delivering 5,000 lightweight multirole missiles to strengthen Ukraine's air defences.",
      [],
    );
  });

  it('reads seasons of a year and events a count runs from', () => {
    expectClaims('North Korea sent around 11,000 troops to Russia in the autumn of 2024, Seoul said.', [
      { metric: 'troops_deployed', low: 11000, when: 'the autumn of 2024' },
    ]);
    expectClaims(
      'North Korea has delivered about 3 million artillery shells to Russia since the arms transfers began.',
      [{ metric: 'shells_supplied', low: 3000000, when: 'since the arms transfers began' }],
    );
    expectClaims(
      'Ukraine says some 3,000 North Korean soldiers have been killed or wounded since they entered combat.',
      [{ metric: 'casualties', low: 3000, when: 'since they entered combat' }],
    );
  });
});

describe('parts and bare counts of what is sent', () => {
  it('reads a part of the goods named, a part of the people named that moved, and a bare count the actor sends', () => {
    expectClaims(
      'North Korea has sent missiles to Russia. Pyongyang delivered 148 of the missiles to Moscow in 2024.',
      [{ metric: 'missiles_supplied', low: 148 }],
    );
    expectClaims(
      'North Korea planned to send workers to Russia. The spy agency later said some 4,000 of them had arrived by November.',
      [{ metric: 'workers_deployed', low: 4000 }],
    );
    expectClaims(
      'About 10,000 North Korean troops are in Russia. Of those, roughly 8,000 have been moved to the Kursk region.',
      [
        { metric: 'troops_deployed', low: 10000 },
        { metric: 'troops_deployed', low: 8000 },
      ],
    );
    expectClaims('North Korea is preparing to send another 2,000 to 3,000 to Russia in the near term, Kyiv said.', [
      { metric: 'troops_deployed', low: 2000, high: 3000, status: 'planned' },
    ]);
    expectClaims('North Korea has sent a 120-member art troupe to Moscow for the treaty anniversary.', []);
    expectClaims('North Korea sent 3,000 people to Russia as tourists last year.', []);
  });
});

describe('wordings of the seventh round of probe texts (odd page styles)', () => {
  it('counts no link list, no mixed group however written, no swap on both sides and no count labelling another party', () => {
    expectClaims(
      'North Korean soldiers crossed the border on Tuesday, Seoul said.\nMost read: 1. Apartment prices up 8.71% | 2. Heatwave: 16 dead | 3. Baseball draws 12.3 million fans',
      [],
    );
    expectClaims('HUR: Mixed Contingent Of Russians And North Koreans Lost 200 Personnel', []);
    expectClaims('Zelensky: Russians And North Koreans Lost Up To 40,000 In Kursk', []);
    expectClaims(
      'Zelensky said that Russian forces fighting in the Kursk region, including the soldiers from North Korea, have lost up to 40,000 men.',
      [],
    );
    expectClaims(
      'North Korean prisoners are held by Ukraine. In Istanbul the sides agreed on the exchange of 1,000 prisoners of war for 1,000 prisoners of war.',
      [],
    );
    expectClaims(
      'North Korea fought in the Korean War.\n• 36,574 — American service members killed in the war, according to the US Department of Defense',
      [],
    );
    expectClaims(
      'North Korean troops are in Kursk. Syrskyi said Russia had concentrated some 50,000 of its own troops there in total.',
      [],
    );
    expectClaims('Japan recognizes 17 people as abduction victims. North Korea says eight of them have died.', []);
  });

  it('reads table cells by their own label, outcomes listed with a comma, and a verb that has its own count', () => {
    expectClaims('North Korean losses in Kursk, per Ukraine:\n* Killed: 1,000+ | Wounded: 2,700', [
      { metric: 'killed', low: 1000 },
      { metric: 'wounded', low: 2700 },
    ]);
    expectClaims('North Korea: Over 6,000 Killed, Wounded In Kursk, UK Says', [{ metric: 'casualties', low: 6000 }]);
    expectClaims('North Korea sent 11,000 troops to Russia and lost over 4,000 of them, Zelensky said.', [
      { metric: 'troops_deployed', low: 11000 },
      { metric: 'casualties', low: 4000 },
    ]);
    expectClaims('North Korea To Dispatch Six-Thousand More Military Engineers, Construction Workers To Russia', [
      { metric: 'workers_deployed', low: 6000 },
    ]);
  });
});

describe('fact boxes and tables', () => {
  it('reads list items under a text that sent the actor, and a row whose first cell names what the count is', () => {
    expectClaims(
      'FACT BOX\nPyongyang first sent combat troops to Russia in October 2024. Below are the main figures given by the NIS.\n* First contingent: about 11,000 soldiers, mostly from the 11th Corps, sent October-December 2024\n* Reinforcements: 3,000-4,000 more troops, sent January-February 2025',
      [
        { metric: 'troops_deployed', low: 11000 },
        { metric: 'troops_deployed', low: 3000, high: 4000 },
      ],
    );
    expectClaims(
      'North Korean losses, as estimated by the NIS:\nCategory | Figure | Source\nKilled in action (to April) | about 600 | NIS',
      [{ metric: 'killed', low: 600 }],
    );
  });
});

describe('a table row that opens with the topic noun', () => {
  it('reads "Troops sent | 11,000-12,000 | NIS" as troops, not as a party named "Troops"', () => {
    expectClaims(
      'North Korea sent troops to Russia.\nCategory | Figure | Source\nTroops sent, first wave | 11,000-12,000 | NIS',
      [{ metric: 'troops_deployed', low: 11000, high: 12000 }],
    );
  });
});

describe('a sub-total of the people named, by place', () => {
  it('reads "about 7,500 of the North Korean soldiers are concentrated now in the Kursk region"', () => {
    expectClaims(
      'North Korea has sent 11,000 soldiers to Russia. About 7,500 of the North Korean soldiers are concentrated now in the Kursk region.',
      [
        { metric: 'troops_deployed', low: 11000 },
        { metric: 'troops_deployed', low: 7500 },
      ],
    );
  });
});

describe('counter-examples from the review of this round of rules', () => {
  it('keeps counts beside a year, a span of time, a distance or a source after a comma', () => {
    expectClaims('North Korean casualties rose to 4,000 in 2025, the NIS said.', [{ metric: 'casualties', low: 4000 }]);
    expectClaims('North Korea lost about 1,000 in two weeks of fighting in Kursk.', [
      { metric: 'casualties', low: 1000 },
    ]);
    expectClaims('About 300 North Korean soldiers were killed 2 weeks ago in Kursk, the NIS said.', [
      { metric: 'killed', low: 300 },
    ]);
    expectClaims('Some 200 North Korean soldiers were killed 10 km from Sudzha, Kyiv said.', [
      { metric: 'killed', low: 200 },
    ]);
    expectClaims('North Korean losses in Kursk have risen to 3,000, Ukrainian soldiers fighting there say.', [
      { metric: 'casualties', low: 3000 },
    ]);
  });

  it('dates a count to an earlier year only in the clause that year opens', () => {
    expectClaims(
      'Since 2022, when Russia launched its full-scale invasion, North Korea has supplied some 12 million artillery shells to Russia, Seoul says.',
      [{ metric: 'shells_supplied', low: 12000000 }],
    );
    expectClaims('Back in 2018, Kim met Trump in Singapore, but today North Korea has about 11,000 troops in Russia.', [
      { metric: 'troops_deployed', low: 11000 },
    ]);
    expectClaims(
      'North Korea has sent 11,000 troops to Russia - far more than the pilots it sent to Vietnam in the 1960s.',
      [{ metric: 'troops_deployed', low: 11000 }],
    );
    expectClaims(
      'In 2019, about 21,000 North Koreans worked in Russia, but in 2024 North Korea sent 11,000 troops to Russia.',
      [{ metric: 'troops_deployed', low: 11000 }],
    );
  });

  it('gives a loss to the side that inflicted it only when that side is the agent of its own verb', () => {
    expectClaims(
      "Ukrainian drones killed two civilians in Belgorod on Monday, while North Korea's losses in Kursk have reached 4,000.",
      [{ metric: 'casualties', low: 4000, attribution: null }],
    );
    expectClaims('About 300 North Korean soldiers were killed in December, when Ukrainian troops took back Sudzha.', [
      { metric: 'killed', low: 300, attribution: null },
    ]);
    expectClaims(
      'The video claims Ukrainian soldiers have killed 77 and wounded as many as 40 North Korean soldiers.',
      [
        { metric: 'killed', low: 77, attribution: 'Ukraine' },
        { metric: 'wounded', low: 40, attribution: 'Ukraine' },
      ],
    );
  });
});
