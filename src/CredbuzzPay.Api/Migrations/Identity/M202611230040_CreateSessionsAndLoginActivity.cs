using FluentMigrator;

namespace CredbuzzPay.Api.Migrations.Identity;

[Migration(202611230040, "Login lockout columns, pending logins, sessions, refresh tokens, login activity")]
public sealed class M202611230040_CreateSessionsAndLoginActivity : SchemaMigration
{
    public M202611230040_CreateSessionsAndLoginActivity(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (!Schema.Table("users").Column("failed_login_count").Exists())
        {
            Alter.Table("users")
                .AddColumn("failed_login_count").AsInt32().NotNullable().WithDefaultValue(0)
                .AddColumn("locked_until").AsCustom(Instant).Nullable()
                .AddColumn("last_login_at").AsCustom(Instant).Nullable()
                .AddColumn("last_login_ip").AsString(45).Nullable();
        }
        if (!Schema.Table("pending_logins").Exists())
        {
            Create.Table("pending_logins")
                .WithColumn("request_id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_pending_logins")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("platform").AsString(16).NotNullable()
                .WithColumn("device").AsString(200).Nullable()
                .WithColumn("expires_at").AsCustom(Instant).NotNullable()
                .WithColumn("completed_at").AsCustom(Instant).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_pending_logins_expires").OnTable("pending_logins").OnColumn("expires_at");
        }
        if (!Schema.Table("user_sessions").Exists())
        {
            Create.Table("user_sessions")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_user_sessions")
                .WithColumn("user_id").AsCustom(Uuid).NotNullable()
                .WithColumn("platform").AsString(16).NotNullable()
                .WithColumn("ip_address").AsString(45).Nullable()
                .WithColumn("user_agent").AsString(512).Nullable()
                .WithColumn("device").AsString(200).Nullable()
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("expires_at").AsCustom(Instant).NotNullable()
                .WithColumn("last_seen_at").AsCustom(Instant).NotNullable()
                .WithColumn("revoked_at").AsCustom(Instant).Nullable()
                .WithColumn("revoked_reason").AsString(32).Nullable();
            Create.Index("ix_user_sessions_user").OnTable("user_sessions").OnColumn("user_id").Ascending().OnColumn("created_at").Ascending();
        }
        if (!Schema.Table("refresh_tokens").Exists())
        {
            Create.Table("refresh_tokens")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_refresh_tokens")
                .WithColumn("session_id").AsCustom(Uuid).NotNullable()
                .WithColumn("token_hash").AsString(64).NotNullable().Unique("ux_refresh_tokens_hash")
                .WithColumn("created_at").AsCustom(Instant).NotNullable()
                .WithColumn("used_at").AsCustom(Instant).Nullable();
            Create.Index("ix_refresh_tokens_session").OnTable("refresh_tokens").OnColumn("session_id");
        }
        if (!Schema.Table("login_activity").Exists())
        {
            Create.Table("login_activity")
                .WithColumn("id").AsCustom(Uuid).NotNullable().PrimaryKey("pk_login_activity")
                .WithColumn("user_id").AsCustom(Uuid).Nullable()
                .WithColumn("identifier_mask").AsString(254).NotNullable()
                .WithColumn("outcome").AsString(24).NotNullable()
                .WithColumn("ip_address").AsString(45).Nullable()
                .WithColumn("user_agent").AsString(512).Nullable()
                .WithColumn("device").AsString(16).NotNullable()
                .WithColumn("browser").AsString(32).NotNullable()
                .WithColumn("os").AsString(32).NotNullable()
                .WithColumn("session_id").AsCustom(Uuid).Nullable()
                .WithColumn("occurred_at").AsCustom(Instant).NotNullable();
            Create.Index("ix_login_activity_user").OnTable("login_activity").OnColumn("user_id").Ascending().OnColumn("occurred_at").Ascending();
            Create.Index("ix_login_activity_occurred").OnTable("login_activity").OnColumn("occurred_at").Ascending().OnColumn("outcome").Ascending();
            Create.Index("ix_login_activity_ip").OnTable("login_activity").OnColumn("ip_address").Ascending().OnColumn("occurred_at").Ascending();
        }
    }
}
