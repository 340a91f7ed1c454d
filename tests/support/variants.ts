/** Altered copies of an article, as aggregators and syndication produce them. */
export const TEXT_VARIANTS: Record<string, (text: string) => string> = {
  'headline changed': (t) =>
    ['Pyongyang deepens its support for Moscow, officials say', ...t.split('\n').slice(1)].join('\n'),
  'caption added': (t) =>
    `Soldiers march during a parade in Pyongyang, in a photo released by the state news agency on Monday.\n${t}`,
  'footer added': (t) =>
    `${t}\nSource: koreatimes.co.kr\nRead Entire Article Source\nTo remove this article - Removal Request`,
  '10% of sentences dropped': (t) =>
    t
      .split(/(?<=[.!?])\s+/)
      .filter((_, i) => i % 10 !== 3)
      .join(' '),
  'caption and footer': (t) => `Photo: a ceremony in Pyongyang.\n${t}\n© 2025 Wire Service. All rights reserved.`,
  'headline changed, sentences dropped': (t) =>
    ['A new headline for the same story', ...t.split('\n').slice(1)]
      .join('\n')
      .split(/(?<=[.!?])\s+/)
      .filter((_, i) => i % 10 !== 5)
      .join(' '),
  'typography changed': (t) => t.replace(/’/g, "'").replace(/[“”]/g, '"').replace(/ – /g, ' - ').replace(/\n/g, '\n\n'),
  'syndication credit prepended': (t) =>
    `This article was originally published by Example News and is republished with permission.\n${t}`,
};

export const URL_VARIANTS: Record<string, (url: string) => string> = {
  'tracking parameters': (u) => `${u}?utm_source=rss&utm_medium=feed&utm_campaign=nk&fbclid=IwAR0abc`,
  'AMP page': (u) => u.replace(/\.html$/, '/amp'),
  'mobile host and fragment': (u) => `${u.replace('://www.', '://m.')}#comments`,
};
