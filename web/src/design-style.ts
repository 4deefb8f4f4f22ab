/**
 * A user's page design as CSS custom properties, set on the page root (the user screen's wrapper): the stylesheet
 * reads only these variables, so no component carries inline colours.
 */
import { contrastRatio, MIN_TEXT_CONTRAST } from '#shared/domain/design';
import type { Design } from './api-types';

/**
 * The colour links are drawn in on `background`: the design's link colour where it is as readable as text
 * (the design rule asks links for 3:1 only, WCAG asks 4.5:1 of link text), else the text colour, which the design
 * rule keeps at 4.5:1 (the link colour then shows in the underline, `--page-link-accent`).
 */
export function readableLinkColor(design: Design, background: string): string {
  return contrastRatio(design.linkColor, background) >= MIN_TEXT_CONTRAST
    ? design.linkColor
    : design.textColor;
}

export function designProperties(design: Design): Record<string, string> {
  const image = design.backgroundImageUrl ? `url("${encodeURI(design.backgroundImageUrl)}")` : 'none';
  return {
    '--page-bg': design.backgroundColor,
    '--page-bg-image': image,
    '--page-bg-repeat': design.backgroundTile ? 'repeat' : 'no-repeat',
    '--page-text': design.textColor,
    '--page-link': readableLinkColor(design, design.backgroundColor),
    '--page-link-accent': design.linkColor,
    '--page-sidebar-link': readableLinkColor(design, design.sidebarFillColor),
    '--page-sidebar': design.sidebarFillColor,
    '--page-sidebar-border': design.sidebarBorderColor,
  };
}
