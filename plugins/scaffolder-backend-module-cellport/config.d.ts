export interface Config {
  cellport?: {
    scaffolder?: {
      /**
       * The local git server where `cellport:publish:local-git` publishes new repositories
       * (scripts/builds-local.sh runs it). Default: http://127.0.0.1:8418
       */
      localGit?: {
        baseUrl?: string;
      };
    };
  };
}
