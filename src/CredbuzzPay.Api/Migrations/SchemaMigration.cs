using CredbuzzPay.Api.Platform.Database;
using FluentMigrator;

namespace CredbuzzPay.Api.Migrations;

/// <summary>
/// Base of every migration: forward-only, one schema for the three engines. The few column types
/// FluentMigrator maps differently per engine (instants, UUIDs) are chosen here once.
/// </summary>
public abstract class SchemaMigration : ForwardOnlyMigration
{
    protected SchemaMigration(MigrationTarget target)
    {
        Engine = target.Provider;
    }

    protected DatabaseProvider Engine { get; }

    /// <summary>A UTC instant (timestamptz, DATETIME(6), or ISO text on SQLite).</summary>
    protected string Instant => Engine switch
    {
        DatabaseProvider.Postgres => "timestamptz",
        DatabaseProvider.MySql => "DATETIME(6)",
        _ => "TEXT",
    };

    /// <summary>A UUID (v7 for our keys): native on PostgreSQL, text on MySQL, 16 bytes on SQLite.</summary>
    protected string Uuid => Engine switch
    {
        DatabaseProvider.Postgres => "uuid",
        DatabaseProvider.MySql => "CHAR(36)",
        _ => "BLOB",
    };
}

/// <summary>The engine migrations are written for; registered in the migration runner's container.</summary>
public sealed record MigrationTarget(DatabaseProvider Provider);
