() => {  // evaluated in the page by tests/browser/checks.py
  const problems = [];
  const shown = el => {
    const cs = getComputedStyle(el), r = el.getBoundingClientRect();
    return cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 0 && r.height > 0;
  };
  const chrome = ['header', 'footer', 'nav', 'form', 'input', 'button', '[role=search]',
    '[role=dialog]', '[role=banner]', '[role=contentinfo]', '[role=navigation]',
    '.md-header', '.md-tabs', '.md-sidebar', '.md-search', '.md-footer', '.md-skip', '.md-top'];
  for (const selector of chrome)
    if ([...document.querySelectorAll(selector)].some(shown)) problems.push(`${selector} is printed`);
  const main = document.querySelector('main, [role=main]') || document.body;
  // Every outside link shows its address on paper.
  for (const a of main.querySelectorAll('a[href^="http"]')) {
    if (!shown(a) || a.textContent.includes(a.href) || a.textContent.includes(a.getAttribute('href'))) continue;
    const after = getComputedStyle(a, '::after').content;
    if (!after.includes(a.getAttribute('href'))) problems.push(`the address of "${a.textContent.trim()}" is not printed`);
  }
  // Nothing cut across pages where avoidable; headings stay with what follows.
  for (const el of main.querySelectorAll('blockquote, li, tr, figure, pre'))
    if (shown(el) && getComputedStyle(el).breakInside !== 'avoid')
      problems.push(`a ${el.tagName.toLowerCase()} may be cut across pages`);
  for (const h of main.querySelectorAll('h1, h2, h3, h4'))
    if (shown(h) && getComputedStyle(h).breakAfter !== 'avoid')
      problems.push(`"${h.textContent.trim()}" may end a page, apart from its text`);
  // Dark text on white paper, whatever the screen palette.
  const text = getComputedStyle(main.querySelector('.md-typeset') || main).color;
  const [r, g, b] = text.match(/[\d.]+/g).map(Number);
  if (0.2126 * r + 0.7152 * g + 0.0722 * b > 100) problems.push(`text prints light: ${text}`);
  return [...new Set(problems)];
}
