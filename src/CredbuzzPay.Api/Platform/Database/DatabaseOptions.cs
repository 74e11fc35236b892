using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Platform.Database;

/// <summary>The engines the one schema runs on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    MySql,
}

/// <summary>Settings of section <c>Database</c>; the connection string is <c>ConnectionStrings:Default</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (default), <c>postgres</c> or <c>mysql</c> (MySQL 8 or MariaDB 10.11+).</summary>
    [Required]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Apply pending migrations when the web host starts (the <c>migrate</c> command always does).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Seconds a command may run before it is cancelled.</summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    internal DatabaseProvider ParsedProvider => Parse(Provider);

    internal static DatabaseProvider Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        "mysql" or "mariadb" => DatabaseProvider.MySql,
        _ => throw new InvalidOperationException(
            $"Database:Provider '{value}' is not one of sqlite, postgres, mysql."),
    };
}
