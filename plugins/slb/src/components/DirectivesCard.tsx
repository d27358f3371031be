import { useState } from 'react';
import { Button, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { slbApiRef } from '../api';

/**
 * Platform admins: the domain's extra Nginx directives. The backend stores them only when
 * `nginx -t` of the rendered domain passes; its output is shown as sent when it does not.
 */
export function DirectivesCard(props: { name: string; current?: string; onSaved: () => void }) {
  const api = useApi(slbApiRef);
  const [text, setText] = useState(props.current ?? '');
  const [result, setResult] = useState<{ ok: boolean; message: string }>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      await api.setDirectives(props.name, text);
      setResult({ ok: true, message: 'nginx -t passed; stored. The hosts apply it with a reload.' });
      props.onSaved();
    } catch (e) {
      setResult({ ok: false, message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <InfoCard title="Extra directives (platform admins)">
      <Typography variant="body2" paragraph>
        Added to the domain's server block after a real <code>nginx -t</code>.
      </Typography>
      <TextField
        fullWidth
        multiline
        minRows={3}
        variant="outlined"
        value={text}
        onChange={e => setText(e.target.value)}
        inputProps={{ 'aria-label': 'Extra directives', style: { fontFamily: 'monospace' } }}
      />
      <div style={{ marginTop: 12 }}>
        <Button variant="contained" color="primary" disabled={busy} onClick={save}>
          Check and save
        </Button>
      </div>
      {result && (
        <Alert severity={result.ok ? 'success' : 'error'} style={{ marginTop: 12, whiteSpace: 'pre-wrap' }}>
          {result.message}
        </Alert>
      )}
    </InfoCard>
  );
}
