import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
  cell: { fill: '#7df3e1' },
});

/** Cellport's mark: two cells of a region, side by side. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      viewBox="0 0 40 28"
      xmlns="http://www.w3.org/2000/svg"
      role="img"
      aria-label="Cellport"
    >
      <rect className={classes.cell} x="1" y="4" width="17" height="20" rx="4" />
      <rect className={classes.cell} x="22" y="4" width="17" height="20" rx="4" opacity="0.6" />
    </svg>
  );
};
