import { useApi } from '@backstage/core-plugin-api';
import { errorMessage } from '@cellport/plugin-access-react';
import { makeStyles } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useEffect, useRef, useState } from 'react';
import { buildsApiRef } from '../api';

const useStyles = makeStyles(theme => ({
  log: {
    background: '#111',
    color: '#ddd',
    fontFamily: 'monospace',
    fontSize: 12,
    padding: theme.spacing(1.5),
    maxHeight: 480,
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    borderRadius: 4,
  },
  retry: { color: '#ffb74d' },
}));

/** A build's log, streamed while the build runs (polls from the last cursor), kept afterwards. */
export function BuildLog(props: { config: string; number: number }) {
  const api = useApi(buildsApiRef);
  const classes = useStyles();
  const [lines, setLines] = useState<Array<{ text: string; attempt: number }>>(
    [],
  );
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState<string>();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cursor: string | undefined;
    let stopped = false;
    setLines([]);
    setComplete(false);
    const poll = async () => {
      while (!stopped) {
        try {
          const page = await api.getLog(props.config, props.number, cursor);
          cursor = page.cursor || cursor;
          if (page.lines.length) setLines(l => [...l, ...page.lines]);
          setError(undefined);
          if (page.complete) {
            setComplete(true);
            return;
          }
          if (page.lines.length) continue;
        } catch (e) {
          setError(errorMessage(e));
        }
        await new Promise(r => setTimeout(r, 1000));
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [api, props.config, props.number]);

  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  let lastAttempt = 1;
  return (
    <>
      {error && <Alert severity="error">{error}</Alert>}
      <div
        className={classes.log}
        ref={box}
        data-testid="build-log"
        data-complete={complete}
      >
        {lines.map((l, i) => {
          const header = l.attempt !== lastAttempt;
          lastAttempt = l.attempt;
          return (
            <div key={i}>
              {header && (
                <div className={classes.retry}>--- attempt {l.attempt} ---</div>
              )}
              {l.text}
            </div>
          );
        })}
        {!complete && <div>…</div>}
      </div>
    </>
  );
}
