import { describe, expect, it } from 'vitest';
import {
  assertReadable,
  contrastRatio,
  DEFAULT_DESIGN,
  DESIGN_PRESETS,
  type Design,
} from '#shared/domain/design';
import { ValidationError } from '#shared/errors';

describe('design contrast', () => {
  it('computes WCAG ratios: black on white is 21, a colour on itself is 1', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#ffffff', '#000000')).toBe(21);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it.each(Object.entries(DESIGN_PRESETS))('offers the readable preset %s', (_name, preset) => {
    expect(() => assertReadable({ ...DEFAULT_DESIGN, ...preset })).not.toThrow();
  });

  it('refuses low-contrast text with low_contrast and every computed ratio', () => {
    const design: Design = { ...DEFAULT_DESIGN, textColor: '#b0c8d8' };
    try {
      assertReadable(design);
      expect.unreachable('a low-contrast design was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const { code, details } = error as ValidationError;
      expect(code).toBe('low_contrast');
      const contrast = (details as { contrast: { pair: string; ratio: number; passes: boolean }[] }).contrast;
      expect(contrast.map((check) => check.pair)).toEqual([
        'textOnBackground',
        'textOnSidebar',
        'linkOnBackground',
        'linkOnSidebar',
      ]);
      const text = contrast.find((check) => check.pair === 'textOnBackground');
      expect(text?.passes).toBe(false);
      expect(text?.ratio).toBe(contrastRatio('#b0c8d8', DEFAULT_DESIGN.backgroundColor));
    }
  });

  it('holds links to 3:1, not 4.5:1', () => {
    // #5a8fb0 on white is about 3.6:1: fine for a link, too faint for text.
    const design: Design = { ...DEFAULT_DESIGN, ...DESIGN_PRESETS.paper, linkColor: '#5a8fb0' } as Design;
    expect(contrastRatio('#5a8fb0', '#ffffff')).toBeGreaterThan(3);
    expect(contrastRatio('#5a8fb0', '#ffffff')).toBeLessThan(4.5);
    expect(() => assertReadable(design)).not.toThrow();
    expect(() => assertReadable({ ...design, textColor: '#5a8fb0' })).toThrow(ValidationError);
  });
});
