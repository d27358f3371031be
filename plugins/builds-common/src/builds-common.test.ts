import {
  buildsEtcdKeys,
  createBuildConfigRequestSchema,
  normalizeInnerPath,
  resolveTag,
  startBuildRequestSchema,
  validateGitUrl,
} from './index';

const base = {
  name: 'payments-api',
  repositoryUrl: 'https://git.example.com/payments/api.git',
  imageRepository: 'payments/payments-api',
};

const problems = (body: unknown) =>
  createBuildConfigRequestSchema
    .safeParse(body)
    .error?.issues.map(i => i.message) ?? [];

describe('build config requests', () => {
  it('fills the defaults', () => {
    expect(createBuildConfigRequestSchema.parse(base)).toEqual({
      ...base,
      branch: 'main',
      context: '.',
      dockerfile: 'Dockerfile',
      buildArgs: [],
      tagRule: { type: 'commit' },
      cacheMountPath: '/cache',
    });
  });

  it('accepts http(s) and ssh git URLs only', () => {
    expect(validateGitUrl('ssh://git@host/x.git')).toBeUndefined();
    expect(validateGitUrl('git@host:group/x.git')).toBeUndefined();
    expect(validateGitUrl('http://127.0.0.1:8080/git/x.git')).toBeUndefined();
    expect(validateGitUrl('file:///etc/passwd')).toMatch(
      /http\(s\) or ssh, not file/,
    );
    expect(validateGitUrl('/srv/git/x.git')).toMatch(/not a URL/);
    expect(validateGitUrl('ext::sh -c id')).toMatch(/spaces/);
    expect(validateGitUrl('--upload-pack=id')).toMatch(/start with '-'/);
    expect(problems({ ...base, repositoryUrl: 'ftp://h/x' })[0]).toMatch(
      /http\(s\) or ssh/,
    );
  });

  it('keeps the Dockerfile inside the context', () => {
    expect(normalizeInnerPath('./svc//api/')).toBe('svc/api');
    expect(normalizeInnerPath('a/../..')).toBeUndefined();
    expect(problems({ ...base, dockerfile: '../Dockerfile' })[0]).toMatch(
      /inside the build context/,
    );
    expect(problems({ ...base, context: '../other' })[0]).toMatch(
      /relative path inside the repository/,
    );
    expect(problems({ ...base, dockerfile: '/etc/Dockerfile' })).toHaveLength(
      1,
    );
  });

  it('refuses tag rules that yield invalid tags', () => {
    expect(
      problems({ ...base, tagRule: { type: 'fixed', tag: 'bad tag' } })[0],
    ).toMatch(/not a valid image tag/);
    expect(
      problems({
        ...base,
        branch: 'feature/x',
        tagRule: { type: 'branch-counter' },
      })[0],
    ).toMatch(/branch-counter yields an invalid tag/);
    expect(
      resolveTag({ type: 'branch-counter' }, { branch: 'main', counter: 3 }),
    ).toBe('main-3');
    expect(
      resolveTag(
        { type: 'commit' },
        { branch: 'main', counter: 3, commit: 'abcdef0123' },
      ),
    ).toBe('abcdef0');
  });

  it('refuses credentials in clear and repeated args', () => {
    expect(
      problems({ ...base, buildArgs: [{ name: 'NPM_TOKEN', value: 'x' }] })[0],
    ).toMatch(/NPM_TOKEN looks like a credential/);
    expect(
      problems({
        ...base,
        buildArgs: [{ name: 'NPM_TOKEN', value: 'x', secret: true }],
      }),
    ).toEqual([]);
    expect(
      problems({
        ...base,
        buildArgs: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      })[0],
    ).toMatch(/repeated/);
  });

  it('validates manual starts', () => {
    expect(startBuildRequestSchema.safeParse({ commit: 'abc' }).success).toBe(
      false,
    );
    expect(startBuildRequestSchema.parse({})).toEqual({ noCache: false });
  });
});

describe('etcd keys', () => {
  it('orders reports by attempt and sequence', () => {
    const keys = buildsEtcdKeys('/t/');
    expect(keys.report('b1', 2, 10)).toBe('/t/reports/b1/002/000000010');
    expect(keys.task('agent-a', 'b1')).toBe('/t/tasks/agent-a/b1');
  });
});
