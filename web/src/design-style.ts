/**
 * A user's page design as CSS custom properties, set on the page root (the user screen's wrapper): the stylesheet
 * reads only these variables, so no component carries inline colours.
 */
import type { Design } from './api-types';

export function designProperties(design: Design): Record<string, string> {
  const image = design.backgroundImageUrl ? `url("${encodeURI(design.backgroundImageUrl)}")` : 'none';
  return {
    '--page-bg': design.backgroundColor,
    '--page-bg-image': image,
    '--page-bg-repeat': design.backgroundTile ? 'repeat' : 'no-repeat',
    '--page-text': design.textColor,
    '--page-link': design.linkColor,
    '--page-sidebar': design.sidebarFillColor,
    '--page-sidebar-border': design.sidebarBorderColor,
  };
}
