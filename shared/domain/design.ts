/**
 * Page designs in the spirit of classic Twitter's profile colours, with a readability rule: a design is saved
 * only if its text reaches WCAG 2.x contrast 4.5:1 on the background and on the sidebar, and its links 3:1 on
 * both (WCAG's ratio for non-text UI and large text; links are also told apart by underline).
 */
import { ValidationError } from '#shared/errors';

export interface Design {
  backgroundColor: string;
  /** https only; null for none. */
  backgroundImageUrl: string | null;
  backgroundTile: boolean;
  textColor: string;
  linkColor: string;
  sidebarFillColor: string;
  sidebarBorderColor: string;
}

export const COLOR_PATTERN = /^#[0-9a-f]{6}$/;
export const MIN_TEXT_CONTRAST = 4.5;
export const MIN_LINK_CONTRAST = 3;

type Preset = Omit<Design, 'backgroundImageUrl' | 'backgroundTile'>;

/** Named designs offered by GET /v1/config; every one passes the contrast rule (a unit test checks). */
export const DESIGN_PRESETS: Readonly<Record<string, Preset>> = {
  classic: {
    backgroundColor: '#c0deed',
    textColor: '#333333',
    linkColor: '#0066a1',
    sidebarFillColor: '#ddeef6',
    sidebarBorderColor: '#c0deed',
  },
  midnight: {
    backgroundColor: '#141d26',
    textColor: '#e1e8ed',
    linkColor: '#58b2f0',
    sidebarFillColor: '#1c2938',
    sidebarBorderColor: '#38444d',
  },
  forest: {
    backgroundColor: '#e8f0e3',
    textColor: '#1f2a1c',
    linkColor: '#2f6b2f',
    sidebarFillColor: '#f4f8f1',
    sidebarBorderColor: '#a7c49a',
  },
  sunset: {
    backgroundColor: '#fff1e6',
    textColor: '#3b1f0e',
    linkColor: '#b3431b',
    sidebarFillColor: '#ffe4cc',
    sidebarBorderColor: '#f2a65a',
  },
  paper: {
    backgroundColor: '#ffffff',
    textColor: '#14171a',
    linkColor: '#1b5faf',
    sidebarFillColor: '#f5f8fa',
    sidebarBorderColor: '#e1e8ed',
  },
};

export const DEFAULT_DESIGN: Design = {
  ...(DESIGN_PRESETS.classic as Preset),
  backgroundImageUrl: null,
  backgroundTile: false,
};

/** WCAG 2.x relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(color: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((start) => {
    const channel = Number.parseInt(color.slice(start, start + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio, from 1 (none) to 21 (black on white), rounded down to two decimals. */
export function contrastRatio(foreground: string, background: string): number {
  const [lighter, darker] = [relativeLuminance(foreground), relativeLuminance(background)].sort(
    (a, b) => b - a,
  );
  const ratio = ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
  return Math.floor(ratio * 100) / 100;
}

export interface ContrastCheck {
  pair: 'textOnBackground' | 'textOnSidebar' | 'linkOnBackground' | 'linkOnSidebar';
  ratio: number;
  minimum: number;
  passes: boolean;
}

export function contrastChecks(
  design: Pick<Design, 'backgroundColor' | 'textColor' | 'linkColor' | 'sidebarFillColor'>,
): ContrastCheck[] {
  const check = (pair: ContrastCheck['pair'], foreground: string, background: string, minimum: number) => {
    const ratio = contrastRatio(foreground, background);
    return { pair, ratio, minimum, passes: ratio >= minimum };
  };
  return [
    check('textOnBackground', design.textColor, design.backgroundColor, MIN_TEXT_CONTRAST),
    check('textOnSidebar', design.textColor, design.sidebarFillColor, MIN_TEXT_CONTRAST),
    check('linkOnBackground', design.linkColor, design.backgroundColor, MIN_LINK_CONTRAST),
    check('linkOnSidebar', design.linkColor, design.sidebarFillColor, MIN_LINK_CONTRAST),
  ];
}

/** Throws 400 `low_contrast` with every computed ratio when any pair falls short. */
export function assertReadable(design: Design): void {
  const checks = contrastChecks(design);
  const failing = checks.filter((check) => !check.passes);
  if (failing.length > 0) {
    const names = failing
      .map((check) => `${check.pair} ${check.ratio}:1 (needs ${check.minimum}:1)`)
      .join(', ');
    throw new ValidationError('low_contrast', `This design is hard to read: ${names}`, { contrast: checks });
  }
}
