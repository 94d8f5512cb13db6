// @ts-check
// Small SVG helpers: no chart library, no canvas, text-friendly for screen readers and tests.

const SVG = "http://www.w3.org/2000/svg";

/**
 * Creates an SVG element with attributes.
 * @param {string} name
 * @param {Record<string, string | number>} [attributes]
 * @returns {SVGElement}
 */
export function svg(name, attributes = {}) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return /** @type {SVGElement} */ (element);
}

/**
 * A power-over-time chart: the samples as a line and area, the limit as a dashed line.
 * @param {{ at: number, powerW: number }[]} history samples, oldest first
 * @param {number} limitW
 * @param {number} now the right edge
 * @param {number} windowMs how much time the chart spans
 * @returns {SVGElement}
 */
export function powerChart(history, limitW, now, windowMs) {
  const width = 300;
  const height = 90;
  const top = Math.max(limitW * 1.15, ...history.map((s) => s.powerW), 1);
  const x = (/** @type {number} */ t) => ((t - (now - windowMs)) / windowMs) * width;
  const y = (/** @type {number} */ w) => height - (w / top) * height;
  const chart = svg("svg", {
    class: "chart",
    viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: "none",
    role: "img",
  });
  const visible = history.filter((s) => s.at >= now - windowMs);
  if (visible.length > 0) {
    const points = visible.map((s) => `${x(s.at).toFixed(1)},${y(s.powerW).toFixed(1)}`);
    const first = visible[0];
    const last = visible[visible.length - 1];
    if (first !== undefined && last !== undefined) {
      const area = `${x(first.at).toFixed(1)},${height} ${points.join(" ")} ${x(last.at).toFixed(1)},${height}`;
      chart.append(svg("polygon", { class: "area", points: area }));
    }
    chart.append(svg("polyline", { class: "power", points: points.join(" ") }));
  }
  chart.append(svg("line", { class: "limit", x1: 0, x2: width, y1: y(limitW), y2: y(limitW) }));
  chart.append(svg("rect", { class: "frame", x: 0, y: 0, width, height }));
  return chart;
}

/**
 * Formats watts as kW with one decimal.
 * @param {number} watts
 */
export function kw(watts) {
  return `${(watts / 1000).toFixed(1)} kW`;
}
