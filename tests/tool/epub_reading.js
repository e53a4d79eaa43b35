// What a reader of one EPUB document would notice, measured in the browser:
// horizontal overflow, text below WCAG AA contrast against what is really
// behind it, lines that begin with an em dash, verse lines that turn without a
// hanging indent, uneven spacing in the contents. Read by test_epub_reading.py.
() => {
  const rgba = (c) => {
    const v = (c.match(/[\d.]+/g) || []).map(Number);
    return [v[0] || 0, v[1] || 0, v[2] || 0, v.length > 3 ? v[3] : v.length ? 1 : 0];
  };
  const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  // The colour behind an element: its own and its ancestors' backgrounds,
  // composited down to the first opaque one (or the white canvas).
  const behind = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const contrast = (el, colour) => {
    const paper = behind(el);
    const [a, b] = [luminance(over(rgba(colour), paper)), luminance(paper)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  };
  const shown = (el) => {
    const s = getComputedStyle(el);
    return s.display !== "none" && s.visibility !== "hidden" && !el.closest("[hidden]");
  };

  const poor = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!shown(el)) continue;
    const name = `${el.tagName.toLowerCase()}${el.className ? "." + el.className : ""}`;
    if ([...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) {
      const ratio = contrast(el, getComputedStyle(el).color);
      if (ratio < 4.5) poor.push([name, ratio]);
    }
    for (const pseudo of ["::before", "::after"]) {
      const s = getComputedStyle(el, pseudo);
      if (["none", "normal", '""'].includes(s.content) || s.display === "none") continue;
      const ratio = contrast(el, s.color);
      if (ratio < 4.5) poor.push([name + pseudo, ratio]);
    }
  }

  // An em dash whose box starts a line below the character before it.
  const dashes = [];
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (texts.nextNode()) {
    const node = texts.currentNode;
    const s = node.textContent;
    for (let i = s.indexOf("\u2014"); i > 0; i = s.indexOf("\u2014", i + 1)) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const dash = range.getClientRects()[0];
      range.setStart(node, i - 1);
      range.setEnd(node, i);
      const before = [...range.getClientRects()].pop();
      if (dash && before && dash.top >= before.bottom - 1) dashes.push(s.slice(Math.max(0, i - 20), i + 10));
    }
  }

  // Verse: every turned line starts right of where every line of its stanza
  // starts. The poet's lines are what lies between line breaks, whatever the markup.
  const unhung = [];
  let turned = 0;
  for (const p of document.querySelectorAll(".verse p")) {
    const lines = [];
    let from = 0;
    [...p.childNodes].forEach((node, i) => {
      if (node.nodeName.toLowerCase() === "br") {
        lines.push([from, i]);
        from = i + 1;
      }
    });
    lines.push([from, p.childNodes.length]);
    const boxes = lines.map(([start, end]) => {
      range.setStart(p, start);
      range.setEnd(p, end);
      return [...range.getClientRects()].filter((b) => b.width > 0);
    }).filter((b) => b.length);
    const half = parseFloat(getComputedStyle(p).fontSize) / 2; // boxes of one line differ by less
    const starts = boxes.map((b) => Math.min(...b.filter((x) => x.top < b[0].top + half).map((x) => x.left)));
    for (const b of boxes) {
      const later = b.filter((x) => x.top > b[0].top + half);
      turned += later.length ? 1 : 0;
      if (later.some((x) => x.left <= Math.max(...starts) + 1)) unhung.push(p.textContent.slice(0, 40));
    }
  }

  // The contents: the space between one entry's last line and the next entry's first,
  // at every depth.
  const gaps = [];
  const entries = [...document.querySelectorAll("nav#toc a")].map((a) => a.getClientRects());
  for (let i = 1; i < entries.length; i++) {
    const above = entries[i - 1][entries[i - 1].length - 1];
    gaps.push(entries[i][0].top - above.bottom);
  }

  const root = document.documentElement;
  return { overflow: root.scrollWidth - root.clientWidth, poor, dashes, unhung, turned, gaps };
}
