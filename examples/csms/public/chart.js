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
 * A power-over-time chart: the samples as a line and area, the limit in force as a dashed step line (a
 * demand-response cap or an operator's change shows as a step), flat at `limitW` while no sample is visible.
 * @param {{ at: number, powerW: number, limitW: number }[]} history samples, oldest first
 * @param {number} limitW the limit in force now
 * @param {number} now the right edge
 * @param {number} windowMs how much time the chart spans
 * @returns {SVGElement}
 */
export function powerChart(history, limitW, now, windowMs) {
  const width = 300;
  const height = 90;
  const visible = history.filter((s) => s.at >= now - windowMs);
  const top = Math.max(
    ...[limitW, ...visible.map((s) => s.limitW)].map((w) => w * 1.15),
    ...visible.map((s) => s.powerW),
    1,
  );
  const x = (/** @type {number} */ t) => (((t - (now - windowMs)) / windowMs) * width).toFixed(1);
  const y = (/** @type {number} */ w) => (height - (w / top) * height).toFixed(1);
  const chart = svg("svg", {
    class: "chart",
    viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: "none",
    role: "img",
  });
  const first = visible[0];
  const last = visible[visible.length - 1];
  if (first !== undefined && last !== undefined) {
    const points = visible.map((s) => `${x(s.at)},${y(s.powerW)}`);
    chart.append(
      svg("polygon", { class: "area", points: `${x(first.at)},${height} ${points.join(" ")} ${x(last.at)},${height}` }),
    );
    chart.append(svg("polyline", { class: "power", points: points.join(" ") }));
  }
  let level = first?.limitW ?? limitW;
  const steps = [`0,${y(level)}`];
  for (const sample of visible) {
    if (sample.limitW === level) continue;
    steps.push(`${x(sample.at)},${y(level)}`, `${x(sample.at)},${y(sample.limitW)}`);
    level = sample.limitW;
  }
  steps.push(`${width},${y(level)}`);
  chart.append(svg("polyline", { class: "limit", points: steps.join(" ") }));
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
