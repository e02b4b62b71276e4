() => {  // evaluated in the page by tests/browser/checks.py
  const problems = [];
  const one = (selector, name) => {
    const n = document.querySelectorAll(selector).length;
    if (n !== 1) problems.push(`${n} ${name} landmarks, expected exactly one`);
  };
  one('main, [role=main]', 'main');
  one('body > header, body > * > header, [role=banner]', 'banner');
  one('body > footer, body > * > footer, [role=contentinfo]', 'contentinfo');
  if (!document.querySelector('nav[aria-label], [role=navigation][aria-label]'))
    problems.push('no labelled navigation landmark');
  const main = document.querySelector('main, [role=main]');
  if (!main) return problems;
  // Headings in order: one h1 first, never a skipped level.
  const headings = [...main.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  const levels = headings.map(h => Number(h.tagName[1]));
  if (levels[0] !== 1) problems.push('the first heading in main is not an h1');
  if (levels.filter(l => l === 1).length !== 1) problems.push('main has more than one h1');
  levels.forEach((l, i) => {
    if (i && l > levels[i - 1] + 1)
      problems.push(`heading level skips from h${levels[i - 1]} to h${l}: "${headings[i].textContent.trim()}"`);
  });
  // A skip link first, leading into main.
  const first = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
    .find(el => el.tabIndex >= 0 && el.getClientRects().length > 0);
  const target = first && first.hash && document.getElementById(decodeURIComponent(first.hash.slice(1)));
  if (!target || !main.contains(target)) problems.push('the first focusable element is not a skip link into main');
  // Tables with a header cell for every column.
  for (const table of main.querySelectorAll('table')) {
    const columns = Math.max(...[...table.rows].map(r => r.cells.length));
    const headers = table.querySelectorAll('thead th');
    if (headers.length !== columns || [...headers].some(th => !th.textContent.trim()))
      problems.push(`a table has ${headers.length} header cells for ${columns} columns`);
  }
  return problems;
}
