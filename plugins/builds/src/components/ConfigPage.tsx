import {
  Content,
  ContentHeader,
  InfoCard,
  Progress,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { MembersPanel, UserDisplay } from '@cellport/plugin-access-react';
import type { TagRule } from '@cellport/plugin-builds-common';
import { Button, Grid, Tab, Tabs } from '@material-ui/core';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { buildsApiRef } from '../api';
import { ConfigActivity } from './ConfigActivity';
import { ConfigBuilds } from './ConfigBuilds';
import { LoadError } from './shared';
import { StartBuildDialog } from './StartBuildDialog';
import { WebhooksPanel } from './WebhooksPanel';

function describeTagRule(rule: TagRule): string {
  if (rule.type === 'fixed') return `fixed: ${rule.tag}`;
  return rule.type === 'branch-counter'
    ? 'branch and counter'
    : "commit's short SHA";
}

/** One build config: what it builds, its builds, webhooks, members and activity. */
export function ConfigPage() {
  const { config: name = '' } = useParams();
  const api = useApi(buildsApiRef);
  const config = useAsyncRetry(() => api.getConfig(name), [api, name]);
  const [tab, setTab] = useState(0);
  const [starting, setStarting] = useState(false);
  const [revision, setRevision] = useState(0);

  if (config.error) {
    return (
      <LoadError
        error={config.error}
        what={`Build config '${name}'`}
        backTo=".."
      />
    );
  }
  if (!config.value) return <Progress />;
  const c = config.value;
  const allowed = c.allowed ?? {};
  return (
    <Content>
      <ContentHeader title={`Build config ${c.name}`}>
        {allowed.buildStart && (
          <Button
            variant="contained"
            color="primary"
            data-testid="start-build"
            onClick={() => setStarting(true)}
          >
            Start build
          </Button>
        )}
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard title="Builds from">
            <StructuredMetadataTable
              metadata={{
                repository: c.repositoryUrl,
                branch: c.branch,
                dockerfile:
                  c.context === '.'
                    ? c.dockerfile
                    : `${c.context}/${c.dockerfile}`,
                'image repository': c.imageRepository,
                'tag rule': describeTagRule(c.tagRule),
                'build args': c.buildArgs.length
                  ? c.buildArgs
                      .map(a =>
                        a.secret
                          ? `${a.name} (secret)`
                          : `${a.name}=${a.value}`,
                      )
                      .join(', ')
                  : 'none',
                'created by': (
                  <UserDisplay entityRef={c.createdBy} hideAvatar />
                ),
              }}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <Tabs
            value={tab}
            onChange={(_, v) => setTab(v)}
            indicatorColor="primary"
          >
            <Tab label="Builds" data-testid="tab-builds" />
            <Tab label="Webhooks" data-testid="tab-webhooks" />
            <Tab label="Members" data-testid="tab-members" />
            <Tab label="Activity" data-testid="tab-activity" />
          </Tabs>
          {tab === 0 && <ConfigBuilds config={c.name} revision={revision} />}
          {tab === 1 && (
            <WebhooksPanel config={c.name} allowed={Boolean(allowed.update)} />
          )}
          {tab === 2 && (
            <MembersPanel
              kind="build-config"
              name={c.name}
              pluginId="builds"
              basePath={`/configs/${c.name}`}
            />
          )}
          {tab === 3 && <ConfigActivity config={c.name} />}
        </Grid>
      </Grid>
      <StartBuildDialog
        open={starting}
        config={c}
        onClose={() => setStarting(false)}
        onStarted={() => {
          setStarting(false);
          setTab(0);
          setRevision(r => r + 1);
        }}
      />
    </Content>
  );
}
