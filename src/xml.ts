/**
 * Text put inside XML or HTML markup, attribute values included: the timeline's SVG export
 * and the embed snippet a blogger pastes both write markup around text they do not control
 * (type names, titles, URLs).
 */
export function escapeXML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}
