/** The registry tables' migrations, applied by {@link applyRegistryMigrations} when the store starts. */
import { CodeMigration, migrateLatest } from '@cellport/plugin-access-node';
import { Knex } from 'knex';

/** Where the registry plugin's migrations are tracked. */
export const REGISTRY_MIGRATIONS_TABLE = 'registry_knex_migrations';

/**
 * The registry tables' migrations, by the name the migrations table records (first shipped as
 * files, hence `.js`). The members move needs the access tables: apply
 * `applyAccessMigrations` first (AccessService.create does).
 */
export const REGISTRY_MIGRATIONS: Record<string, CodeMigration> = {
  /**
   * Cellport registry tables: image groups and repositories, their members, personal access tokens,
   * robot accounts, activity, tag pushes and processed registry notification ids.
   */
  '20260301000000_registry_init.js': {
    async up(knex) {
      await knex.schema.createTable('registry_groups', table => {
        table.comment('Image groups: registry namespaces');
        table.string('name', 64).primary();
        table.string('visibility', 16).notNullable().defaultTo('private');
        table.text('description').notNullable().defaultTo('');
        table.string('created_by', 255).notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
      });
      await knex.schema.createTable('registry_repositories', table => {
        table.comment('Image repositories group/name');
        table.string('name', 255).primary();
        table.string('group_name', 64).notNullable();
        table.string('visibility', 16).nullable().comment('null: inherit the group visibility');
        table.text('description').notNullable().defaultTo('');
        table.string('created_by', 255).notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.bigInteger('pull_count').notNullable().defaultTo(0);
        table.index(['group_name'], 'registry_repositories_group_idx');
      });
      await knex.schema.createTable('registry_members', table => {
        table.comment('Members of image groups and repositories');
        table.string('kind', 32).notNullable().comment('image-group or image-repository');
        table.string('name', 255).notNullable();
        table.string('member_ref', 255).notNullable();
        table.string('role', 16).notNullable();
        table.string('added_by', 255).nullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.primary(['kind', 'name', 'member_ref']);
        table.index(['member_ref'], 'registry_members_member_idx');
      });
      await knex.schema.createTable('registry_tokens', table => {
        table.comment('Personal access tokens (hashed)');
        table.string('id', 64).primary();
        table.string('user_ref', 255).notNullable();
        table.string('name', 100).notNullable();
        table.string('token_hash', 128).notNullable().unique();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('expires_at', { useTz: true }).notNullable();
        table.timestamp('last_used_at', { useTz: true }).nullable();
        table.timestamp('revoked_at', { useTz: true }).nullable();
        table.index(['user_ref'], 'registry_tokens_user_idx');
      });
      await knex.schema.createTable('registry_robots', table => {
        table.comment('Robot accounts per image group (hashed secrets)');
        table.string('group_name', 64).notNullable();
        table.string('name', 64).notNullable();
        table.string('secret_hash', 128).notNullable();
        table.text('scopes').notNullable();
        table.string('created_by', 255).notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.primary(['group_name', 'name']);
      });
      await knex.schema.createTable('registry_activity', table => {
        table.comment('Activity of image groups and repositories');
        table.bigIncrements('id').primary();
        table.string('group_name', 64).notNullable();
        table.string('repository', 255).nullable();
        table.string('action', 64).notNullable();
        table.string('actor', 255).notNullable();
        table.text('details').notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.index(['group_name', 'id'], 'registry_activity_group_idx');
        table.index(['repository', 'id'], 'registry_activity_repo_idx');
      });
      await knex.schema.createTable('registry_tag_pushes', table => {
        table.comment('Last push of each tag, from the registry notifications');
        table.string('repository', 255).notNullable();
        table.string('tag', 128).notNullable();
        table.string('digest', 100).notNullable();
        table.string('pusher', 255).notNullable();
        table.timestamp('pushed_at', { useTz: true }).notNullable();
        table.primary(['repository', 'tag']);
      });
      await knex.schema.createTable('registry_events', table => {
        table.comment('Registry notification event ids already processed (retries are deduplicated)');
        table.string('id', 100).primary();
        table.timestamp('received_at', { useTz: true }).notNullable();
      });
    },
    async down(knex) {
      for (const t of [
        'registry_events',
        'registry_tag_pushes',
        'registry_activity',
        'registry_robots',
        'registry_tokens',
        'registry_members',
        'registry_repositories',
        'registry_groups',
      ]) {
        await knex.schema.dropTableIfExists(t);
      }
    },
  },
  /**
   * Members of image groups and repositories move to the Cellport access library
   * (`cellport_access_*` tables in the same database, migrated by AccessService.create before the
   * registry's own migrations): existing groups, repositories and members are copied there, then
   * the registry's own `registry_members` table is dropped.
   */
  '20260401000000_registry_members_to_access.js': {
    async up(knex) {
      const hasAccess =
        (await knex.schema.hasTable('cellport_access_resources')) &&
        (await knex.schema.hasTable('cellport_access_members'));
      if (hasAccess) {
        const now = new Date();
        const groups = await knex('registry_groups').select('*');
        const repos = await knex('registry_repositories').select('*');
        const groupVisibility = new Map(groups.map(g => [g.name, g.visibility]));
        const resources = [
          ...groups.map(g => ({
            kind: 'image-group',
            name: g.name,
            parent_kind: null,
            parent_name: null,
            visibility: g.visibility === 'public' ? 'public' : 'private',
            created_by: g.created_by,
            created_at: g.created_at ?? now,
          })),
          ...repos.map(r => ({
            kind: 'image-repository',
            name: r.name,
            parent_kind: 'image-group',
            parent_name: r.group_name,
            visibility:
              (r.visibility ?? groupVisibility.get(r.group_name)) === 'public'
                ? 'public'
                : 'private',
            created_by: r.created_by,
            created_at: r.created_at ?? now,
          })),
        ];
        for (const resource of resources) {
          const existing = await knex('cellport_access_resources')
            .where({ kind: resource.kind, name: resource.name })
            .first();
          if (!existing) {
            await knex('cellport_access_resources').insert(resource);
          }
        }
        const members = await knex('registry_members').select('*');
        for (const m of members) {
          const existing = await knex('cellport_access_members')
            .where({ kind: m.kind, name: m.name, member_ref: m.member_ref })
            .first();
          if (!existing) {
            await knex('cellport_access_members').insert({
              kind: m.kind,
              name: m.name,
              member_ref: String(m.member_ref).toLowerCase(),
              role: m.role,
              added_by: m.added_by,
              created_at: m.created_at ?? now,
              updated_at: m.created_at ?? now,
            });
          }
        }
      }
      await knex.schema.dropTable('registry_members');
    },
    async down(knex) {
      await knex.schema.createTable('registry_members', table => {
        table.comment('Members of image groups and repositories');
        table.string('kind', 32).notNullable().comment('image-group or image-repository');
        table.string('name', 255).notNullable();
        table.string('member_ref', 255).notNullable();
        table.string('role', 16).notNullable();
        table.string('added_by', 255).nullable();
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.primary(['kind', 'name', 'member_ref']);
        table.index(['member_ref'], 'registry_members_member_idx');
      });
    },
  },
  /**
   * Robots made on a user's behalf remember that user (their grants are re-checked against the
   * user's own rights at every token request), and every manifest pushed to a repository is
   * remembered by digest, so that deleting the repository deletes every manifest, not only the
   * tagged ones.
   */
  '20261206000000_registry_robot_owner_and_manifests.js': {
    async up(knex) {
      await knex.schema.alterTable('registry_robots', table => {
        table
          .string('on_behalf_of', 255)
          .nullable()
          .comment('The user whose pull rights bound the robot (robots made by a service for a user)');
      });
      await knex.schema.createTable('registry_manifests', table => {
        table.comment('Every manifest digest pushed to a repository (from the registry notifications)');
        table.string('repository', 255).notNullable();
        table.string('digest', 128).notNullable();
        table.timestamp('pushed_at', { useTz: true }).notNullable();
        table.primary(['repository', 'digest']);
      });
    },
    async down(knex) {
      await knex.schema.dropTable('registry_manifests');
      await knex.schema.alterTable('registry_robots', table => {
        table.dropColumn('on_behalf_of');
      });
    },
  },
  /**
   * Robots may expire: an optional expiry time, after which the token endpoint refuses the robot's
   * secret (robots without one never expire, as before).
   */
  '20261207000000_registry_robot_expiry.js': {
    async up(knex) {
      await knex.schema.alterTable('registry_robots', table => {
        table
          .timestamp('expires_at', { useTz: true })
          .nullable()
          .comment('When the robot stops working; null: never');
      });
    },
    async down(knex) {
      await knex.schema.alterTable('registry_robots', table => {
        table.dropColumn('expires_at');
      });
    },
  },
  /**
   * Quotas of image groups per owner group (set by platform admins) and the owner groups each
   * image group counts against (its creator's groups when it was created).
   */
  '20261208000000_registry_quotas.js': {
    async up(knex) {
      await knex.schema.createTable('registry_quotas', table => {
        table.comment('Image group quotas per owner group; null: unlimited');
        table.string('owner_group', 255).primary();
        table.bigInteger('image_groups').nullable();
        table.string('updated_by', 255).notNullable();
        table.bigInteger('updated_at').notNullable();
      });
      await knex.schema.createTable('registry_group_owner_groups', table => {
        table.comment('The owner groups an image group counts against');
        table.string('group_name', 64).notNullable();
        table.string('owner_group', 255).notNullable().index();
        table.primary(['group_name', 'owner_group']);
      });
    },
    async down(knex) {
      await knex.schema.dropTable('registry_group_owner_groups');
      await knex.schema.dropTable('registry_quotas');
    },
  },
  /**
   * Failed token endpoint attempts and blocked keys (user names, client IPs) in the database, so
   * that every replica counts against one limit.
   */
  '20261209000000_registry_token_attempts.js': {
    async up(knex) {
      await knex.schema.createTable('registry_token_failures', table => {
        table.comment('Failed token endpoint attempts per key (user:<name>, ip:<address>)');
        table.bigIncrements('id').primary();
        table.string('key', 320).notNullable();
        table.bigInteger('failed_at').notNullable().comment('ms since the epoch');
        table.index(['key', 'failed_at'], 'registry_token_failures_key_idx');
        table.index(['failed_at'], 'registry_token_failures_at_idx');
      });
      await knex.schema.createTable('registry_token_blocks', table => {
        table.comment('Keys refused at the token endpoint until a time, after too many failures');
        table.string('key', 320).primary();
        table.bigInteger('blocked_until').notNullable().comment('ms since the epoch');
      });
    },
    async down(knex) {
      await knex.schema.dropTable('registry_token_blocks');
      await knex.schema.dropTable('registry_token_failures');
    },
  },
};

/**
 * Brings the registry tables up to date; safe from several replicas at once (`migrateLatest`).
 *
 * @public
 */
export async function applyRegistryMigrations(knex: Knex): Promise<void> {
  await migrateLatest(knex, {
    tableName: REGISTRY_MIGRATIONS_TABLE,
    migrations: REGISTRY_MIGRATIONS,
  });
}
