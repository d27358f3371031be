import { makeStyles } from '@material-ui/core';
import { LogoIcon } from './LogoIcon';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'center', gap: 8 },
  name: { color: '#7df3e1', fontSize: 22, fontWeight: 600, letterSpacing: 0.5 },
});

/** Cellport's mark and name, for the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <span className={classes.root}>
      <LogoIcon />
      <span className={classes.name}>Cellport</span>
    </span>
  );
};
