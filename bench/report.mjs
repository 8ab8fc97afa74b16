/**
 * What `pnpm bench` leaves behind in `bench/results/`: `results.json` (every figure), `results.md`
 * (the same as tables) and `chart.svg` (hand-written SVG: one horizontal bar per case, its
 * throughput relative to the section's baseline, so 1.0x is the hand-written raw check).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const COLOURS = { hookwarden: '#2563eb', raw: '#6b7280', peer: '#f59e0b' }
const esc = (s) =>
  String(s).replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
  )

/** Who a case belongs to, for its bar's colour. */
export function kindOf(name) {
  if (name.startsWith('hookwarden')) return 'hookwarden'
  if (/raw|by hand|hand-written/.test(name)) return 'raw'
  return 'peer'
}

/**
 * `sections`: `[{ title, note?, bars: [{ label, ratio, kind }] }]`, ratios against the section's
 * baseline (a raw bar at 1.0). Returns the SVG text.
 */
export function chartSvg(sections, { title, subtitle } = {}) {
  const W = 920
  const labelW = 330
  const barH = 16
  const gap = 5
  const left = labelW + 10
  const right = 70
  const maxRatio = Math.max(1.2, ...sections.flatMap((s) => s.bars.map((b) => b.ratio)))
  // Ratios far above 1 (a pure-JS SDK 50x slower) would squash the rest: the axis stops at 2x and
  // longer bars are cut with their value written on them.
  const axisMax = Math.min(2, Math.ceil(maxRatio * 5) / 5)
  const scale = (W - left - right) / axisMax
  const parts = []
  let y = 56
  for (const section of sections) {
    y += 22
    parts.push(
      `<text x="10" y="${y}" font-weight="bold" font-size="14">${esc(section.title)}</text>`,
    )
    if (section.note)
      parts.push(
        `<text x="${W - 10}" y="${y}" font-size="11" fill="#555" text-anchor="end">${esc(section.note)}</text>`,
      )
    y += 8
    for (const bar of section.bars) {
      const w = Math.max(1, Math.min(bar.ratio, axisMax) * scale)
      const cut = bar.ratio > axisMax
      parts.push(
        `<text x="${labelW}" y="${y + barH - 4}" font-size="12" text-anchor="end">${esc(bar.label)}</text>`,
        `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${COLOURS[bar.kind] ?? COLOURS.peer}"${cut ? ' opacity="0.8"' : ''}/>`,
        `<text x="${(left + w + 4).toFixed(1)}" y="${y + barH - 4}" font-size="11">${bar.ratio.toFixed(2)}x${cut ? ' (axis cut)' : ''}</text>`,
      )
      y += barH + gap
    }
  }
  const axisTop = 70
  const ticks = []
  for (let t = 0; t <= axisMax + 1e-9; t += 0.25) {
    const x = left + t * scale
    ticks.push(
      `<line x1="${x.toFixed(1)}" y1="${axisTop}" x2="${x.toFixed(1)}" y2="${y}" stroke="${t === 1 ? '#111' : '#ddd'}" stroke-width="${t === 1 ? 1.2 : 1}"${t === 1 ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${x.toFixed(1)}" y="${y + 14}" font-size="10" text-anchor="middle">${t.toFixed(2)}x</text>`,
    )
  }
  const legend = Object.entries({
    hookwarden: 'hookwarden',
    raw: 'hand-written raw (baseline, 1.0x)',
    peer: 'sender SDK / other',
  }).map(
    ([kind, text], i) =>
      `<rect x="${10 + i * 250}" y="38" width="12" height="12" fill="${COLOURS[kind]}"/><text x="${28 + i * 250}" y="48" font-size="12">${esc(text)}</text>`,
  )
  const H = y + 30
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="10" y="20" font-size="16" font-weight="bold">${esc(title ?? 'hookwarden bench')}</text>`,
    subtitle ? `<text x="10" y="34" font-size="11" fill="#555">${esc(subtitle)}</text>` : '',
    ...legend,
    ...ticks,
    ...parts,
    '</svg>',
    '',
  ].join('\n')
}

/** Writes results.json, results.md and chart.svg into `dir`. */
export function writeResults(dir, { meta, sections, markdown, data }) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ meta, sections, data }, null, 2)}\n`)
  writeFileSync(join(dir, 'results.md'), `${markdown.trim()}\n`)
  writeFileSync(
    join(dir, 'chart.svg'),
    chartSvg(sections, {
      title: 'hookwarden bench: throughput relative to a hand-written check (paired medians)',
      subtitle: meta.machine,
    }),
  )
}
