/*
 * Robots may expire: an optional expiry time, after which the token endpoint refuses the robot's
 * secret (robots without one never expire, as before).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('registry_robots', table => {
    table
      .timestamp('expires_at', { useTz: true })
      .nullable()
      .comment('When the robot stops working; null: never');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('registry_robots', table => {
    table.dropColumn('expires_at');
  });
};
