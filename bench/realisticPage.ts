/**
 * Article pages as news sites serve them: 10-100 KB, of which the article is a few KB. The rest
 * is what real pages carry around it: a head of meta tags, inline styles and configuration
 * scripts, JSON-LD, a mega-menu, a breaking-news ticker, ad slots and inline "read more" links
 * between paragraphs, a most-read list with its own figures, comments, a footer of links, HTML
 * comments and trailing scripts. Deterministic: page n is always the same page.
 */
import { escapeHtml } from '../src/digest/renderDigest.js';

function random(seed: number): () => number {
  let state = (seed + 1) * 2654435761;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

const SECTIONS = [
  'World',
  'Asia',
  'Europe',
  'Politics',
  'Business',
  'Defence',
  'Opinion',
  'Sport',
  'Culture',
  'Science',
];
const TEASERS = [
  'Markets slide as 3 central banks signal higher rates for longer',
  'Storm leaves 120,000 homes without power across the coast',
  'Parliament passes budget of $45 billion after 14-hour session',
  'Five things to know about the election in 2026',
  'Transfer window: club signs 19-year-old striker for 30 million',
  'Heatwave: temperatures reach 41 degrees in the capital',
  'Factory output rises 2.4% in October, beating forecasts',
  'Museum returns 1,200 artefacts to their country of origin',
];

/** Minified-looking CSS of about `bytes`. */
function css(bytes: number, rnd: () => number): string {
  const rules: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const rule = `.c-${i.toString(36)}-${Math.floor(rnd() * 1e6).toString(36)}{margin:${i % 7}px ${i % 5}px;padding:0 ${i % 11}px;color:#${Math.floor(
      rnd() * 0xffffff,
    )
      .toString(16)
      .padStart(
        6,
        '0',
      )};font:${12 + (i % 8)}px/1.${i % 9} Georgia,serif}@media (max-width:${600 + i}px){.c-${i.toString(36)}{display:none}}`;
    rules.push(rule);
    size += rule.length;
  }
  return rules.join('');
}

/** A configuration script of about `bytes`: tracking settings, feature flags, ad slot sizes. */
function script(bytes: number, rnd: () => number): string {
  const entries: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const entry = `"slot_${i}":{"sizes":[[300,250],[728,90],[${Math.floor(rnd() * 1000)},${Math.floor(rnd() * 600)}]],"targeting":{"section":"${SECTIONS[i % SECTIONS.length]}","pos":${i},"kw":"north korea,russia,troops,${i}"}}`;
    entries.push(entry);
    size += entry.length;
  }
  return `window.__CONFIG__={${entries.join(',')}};(function(w,d){var s=d.createElement("script");s.async=true;if(1<2&&w.innerWidth>600){s.src="/ads.js?v="+Math.random()}d.head.appendChild(s)})(window,document);`;
}

function menu(rnd: () => number): string {
  return SECTIONS.map(
    (section) =>
      `<li class="menu__item"><a href="/${section.toLowerCase()}">${section}</a><ul class="menu__sub">${Array.from(
        { length: 6 + Math.floor(rnd() * 10) },
        (_, i) =>
          `<li><a href="/${section.toLowerCase()}/${i}" data-track="nav-${section}-${i}">${section} ${i + 1}</a></li>`,
      ).join('')}</ul></li>`,
  ).join('');
}

function teaserList(title: string, count: number, rnd: () => number): string {
  return `<h3>${title}</h3><ol>${Array.from({ length: count }, (_, i) => {
    const t = TEASERS[Math.floor(rnd() * TEASERS.length)]!;
    return `<li><a href="/story/${Math.floor(rnd() * 1e7)}"><img src="/img/${i}.jpg" alt="" width="120" height="80"><span>${escapeHtml(t)}</span></a></li>`;
  }).join('')}</ol>`;
}

export interface RealisticPage {
  html: string;
  /** The article's own text, as it would read without the page around it. */
  articleText: string;
}

/**
 * Page n around an article (a headline line, then paragraphs). Its size is spread between about
 * 10 and 100 KB, most near 20-40 KB, as article pages of news sites measure.
 */
export function realisticPage(n: number, article: string, publishedAt: string): RealisticPage {
  const rnd = random(n);
  const [headline = '', ...paragraphs] = article
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // Log-uniform between 8 and 90 KB of page furniture.
  const furniture = Math.round(8_000 * 11.25 ** rnd());
  const styleBytes = Math.round(furniture * 0.35);
  const scriptBytes = Math.round(furniture * 0.3);
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline,
    datePublished: publishedAt,
    dateModified: publishedAt,
    author: [{ '@type': 'Person', name: 'Staff reporter' }],
    publisher: { '@type': 'Organization', name: 'Example News', logo: { '@type': 'ImageObject', url: '/logo.png' } },
    articleSection: 'World',
    keywords: ['North Korea', 'Russia', 'Ukraine'],
  });
  const body: string[] = [];
  paragraphs.forEach((p, i) => {
    body.push(`<p>${escapeHtml(p)}</p>`);
    if (i % 3 === 1)
      body.push(
        `<div class="ad-slot" id="ad-${i}" data-sizes="300x250"><!-- ad slot ${i}: filled by /ads.js --></div>`,
      );
    if (i === 2)
      body.push(
        `<aside class="inline-related"><strong>Read more:</strong> <a href="/story/${n + 1}">${escapeHtml(TEASERS[n % TEASERS.length]!)}</a></aside>`,
      );
  });
  const html = `<!DOCTYPE html>
<html lang="en" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(headline)} | Example News</title>
<meta name="description" content="${escapeHtml(paragraphs[0]?.slice(0, 150) ?? '')}">
<meta property="og:title" content="${escapeHtml(headline)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Example News">
<meta property="og:image" content="https://example.org/img/${n}.jpg">
<meta name="twitter:card" content="summary_large_image">
<meta property="article:published_time" content="${publishedAt}">
<meta property="article:section" content="World">
<link rel="canonical" href="https://example.org/world/${n}">
<link rel="stylesheet" href="/css/main.${n % 97}.css">
<link rel="preload" as="font" href="/fonts/serif.woff2" crossorigin>
<style>${css(styleBytes, rnd)}</style>
<script>${script(scriptBytes, rnd)}</script>
<script type="application/ld+json">${jsonLd}</script>
<!-- Google Tag Manager --><script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});})(window,document,'script','dataLayer','GTM-XXXX');</script><!-- End Google Tag Manager -->
</head>
<body class="article-page">
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-XXXX" height="0" width="0"></iframe></noscript>
<div class="cookie-banner" role="dialog"><p>We use 12 cookies to improve your experience. <button>Accept all</button></p></div>
<header class="site-header" role="banner"><a class="logo" href="/"><svg viewBox="0 0 100 20"><path d="M0 0h100v20H0z"/></svg>Example News</a>
<nav class="menu" role="navigation"><ul>${menu(rnd)}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"><button>Go</button></form></header>
<div class="ticker"><span>Breaking:</span> <a href="/live">Live: 7 killed as storm hits the coast, 2,000 evacuated</a></div>
<div class="breadcrumb"><a href="/">Home</a> › <a href="/world">World</a> › <a href="/world/asia">Asia</a></div>
<main id="main">
<article class="story">
<h1 class="story__headline">${escapeHtml(headline)}</h1>
<div class="byline">By <a href="/staff">Staff reporter</a> · <time datetime="${publishedAt}">${publishedAt.slice(0, 10)}</time> · 4 min read</div>
<figure class="lead-image"><img src="/img/${n}.jpg" alt="Archive photo" width="1200" height="675"><figcaption>Archive photo. (Photo: Agency, 2024)</figcaption></figure>
<div class="share-bar"><a href="#">Share on 3 networks</a> <span>1,284 shares</span></div>
<div class="story__body">
${body.join('\n')}
</div>
<div class="tags">Tags: <a href="/tag/nk">North Korea</a> <a href="/tag/ru">Russia</a> <a href="/tag/ua">Ukraine</a></div>
</article>
<section class="newsletter"><h3>Get our 5 top stories every morning</h3><form><input type="email"><button>Sign up</button></form></section>
<section class="comments" id="comments"><h3>${Math.floor(rnd() * 400)} Comments</h3>
<div class="comment"><p>Reader: North Korea sent 99,000 troops to Russia, I am sure.</p></div>
<div class="comment"><p>Another reader: more like 200,000 soldiers by now.</p></div></section>
</main>
<aside class="sidebar">${teaserList('Most read', 10, rnd)}${teaserList('Recommended', 6, rnd)}</aside>
<footer class="site-footer" role="contentinfo"><ul>${Array.from({ length: 40 }, (_, i) => `<li><a href="/page/${i}">Footer link ${i}</a></li>`).join('')}</ul>
<p>© 2025 Example News. 1,000 journalists in 40 bureaus.</p></footer>
<!-- rendered by node-${n % 16} in ${Math.floor(rnd() * 200)} ms -->
<script src="/js/app.${n % 89}.js" defer></script>
<script>${script(Math.round(scriptBytes / 3), rnd)}</script>
</body>
</html>`;
  return { html, articleText: [headline, ...paragraphs].join('\n') };
}
