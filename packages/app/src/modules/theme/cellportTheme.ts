import {
  createUnifiedTheme,
  defaultComponentThemes,
  palettes,
  UnifiedTheme,
} from '@backstage/theme';

type StyleOverride = unknown;

/** Keeps words whole in a style override, whether it is an object or a function of the theme. */
function keepWords(override: StyleOverride): StyleOverride {
  const whole = { wordBreak: 'normal', overflowWrap: 'break-word' } as const;
  if (typeof override === 'function') {
    return (props: unknown) => ({ ...override(props), ...whole });
  }
  return { ...(override as object | undefined), ...whole };
}

/**
 * Backstage's theme with two changes. Table cells keep words whole: Backstage's default
 * `word-break: break-word` lets a narrow column break inside a word ("Paymen ts API",
 * "readine ss"); with `normal` a column is at least as wide as its longest word, and a word wider
 * than the whole table still wraps (`overflow-wrap: break-word`). Steppers with labels under
 * their icons (the scaffolder's task steps and template form) lay their steps out in rows of equal
 * columns at least 96 px wide, so a template of eleven steps wraps at 1024 px instead of cutting
 * its last steps off behind a horizontal scroll.
 */
export function createCellportTheme(variant: 'light' | 'dark'): UnifiedTheme {
  const cell = defaultComponentThemes?.MuiTableCell?.styleOverrides as
    | Record<string, StyleOverride>
    | undefined;
  return createUnifiedTheme({
    palette: palettes[variant],
    components: {
      MuiStepper: {
        styleOverrides: {
          alternativeLabel: {
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fit, minmax(96px, 1fr))',
            rowGap: 24,
          },
        },
      } as any,
      MuiTableCell: {
        styleOverrides: {
          ...cell,
          root: keepWords(cell?.root),
          head: keepWords(cell?.head),
        } as any,
      },
    },
  });
}
