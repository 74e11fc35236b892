using LinqToDB;
using LinqToDB.SqlQuery;

namespace CredbuzzPay.Api.Platform.Database;

/// <summary>
/// Window comparisons on stored instants that an index can serve on every engine. On SQLite,
/// linq2db wraps each <see cref="DateTime"/> comparison in <c>strftime(…)</c> on both sides, which
/// hides the column from its index and turns a 7-day window into a scan of the whole table. Our
/// instants are written by linq2db as fixed-width UTC text (<c>yyyy-MM-dd HH:mm:ss.fff</c>), so
/// comparing the stored values directly orders them exactly as time does; PostgreSQL (timestamptz)
/// and MySQL (DATETIME(6)) compare natively. Use these in report windows and request-path filters
/// on instant columns; they only run in SQL.
/// </summary>
public static class Instants
{
    /// <summary>Now, in whole milliseconds: what every engine keeps of an instant (SQLite's text form holds no more), so a value read back equals the one written.</summary>
    public static DateTime StoredNow(TimeProvider clock)
    {
        var ticks = clock.GetUtcNow().UtcDateTime.Ticks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    [Sql.Expression("{0} >= {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool AtOrAfter(DateTime instant, DateTime bound) => throw ServerSideOnly();

    [Sql.Expression("{0} >= {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool AtOrAfter(DateTime? instant, DateTime bound) => throw ServerSideOnly();

    [Sql.Expression("{0} > {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool After(DateTime instant, DateTime bound) => throw ServerSideOnly();

    [Sql.Expression("{0} > {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool After(DateTime? instant, DateTime bound) => throw ServerSideOnly();

    [Sql.Expression("{0} < {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool Before(DateTime instant, DateTime bound) => throw ServerSideOnly();

    [Sql.Expression("{0} < {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool Before(DateTime? instant, DateTime bound) => throw ServerSideOnly();

    [Sql.Expression("{0} <= {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool AtOrBefore(DateTime instant, DateTime bound) => throw ServerSideOnly();

    [Sql.Expression("{0} <= {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool AtOrBefore(DateTime? instant, DateTime bound) => throw ServerSideOnly();

    /// <summary>Midnight UTC of the instant's day.</summary>
    public static DateTime UtcDay(DateTime instant) => new(instant.Year, instant.Month, instant.Day, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The start of a window of <paramref name="days"/> whole UTC days ending with today (1: today so far).</summary>
    public static DateTime StartOfLastDays(DateTime now, int days) => UtcDay(now).AddDays(1 - days);

    private static InvalidOperationException ServerSideOnly() => new("Instants comparisons run only inside a database query.");
}

/// <summary>Aggregates linq2db does not write the way every engine's planner serves best.</summary>
public static class Aggregates
{
    /// <summary>
    /// <c>COUNT(DISTINCT x)</c> as one aggregate. linq2db writes <c>Distinct().Count()</c> as a count over
    /// a DISTINCT subquery, for which SQLite prefers walking an index ordered by x across the whole table
    /// to reading the filtered window from its own index.
    /// </summary>
    [Sql.Expression("COUNT(DISTINCT {0})", IsAggregate = true, ServerSideOnly = true)]
    public static long CountDistinct<T>(T value) => throw new InvalidOperationException("CountDistinct runs only inside a database query.");
}

