() => {  // evaluated in the page by tests/browser/checks.py
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  // A visually hidden radio or checkbox is shown by the visible label beside it.
  if (el.tagName === 'INPUT' && !(el.getBoundingClientRect().width > 0))
    el = [...el.parentElement.querySelectorAll('label')]
      .find(l => l.getBoundingClientRect().width > 0) || el;
  const cs = getComputedStyle(el);
  const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1;
  const r = el.getBoundingClientRect();
  return {ring: ring || cs.boxShadow !== 'none', shown: r.width > 0 && r.height > 0 &&
          cs.visibility !== 'hidden' && cs.opacity !== '0',
          what: el.tagName.toLowerCase() + ' ' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)};
}
