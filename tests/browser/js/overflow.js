() => {  // evaluated in the page by tests/browser/checks.py
  const width = document.documentElement.clientWidth;
  const found = new Set();
  const problems = [];
  const name = el => el.tagName.toLowerCase() +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  if (document.documentElement.scrollWidth > width)
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px wide in ${width}px`);
  for (const el of document.body.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0) continue;  // closed off-canvas drawer
    let problem = null;
    if (r.right > width + 1 || r.left < -1)
      problem = `${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)}px in ${width}px`;
    else if (/(auto|scroll)/.test(cs.overflowX) && el.scrollWidth > el.clientWidth + 1)
      problem = `${name(el)} scrolls sideways: ${el.scrollWidth}px in ${el.clientWidth}px`;
    if (!problem) continue;
    found.add(el);
    if (!found.has(el.parentElement)) problems.push(problem);  // report the outermost only
  }
  return problems;
}
