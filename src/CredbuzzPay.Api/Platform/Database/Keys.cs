using LinqToDB;
using LinqToDB.SqlQuery;

namespace CredbuzzPay.Api.Platform.Database;

/// <summary>
/// Comparisons C# does not define on the types but SQL does, for walking a table in key order (batches) and
/// for yyyy-MM-dd day keys, which sort as text exactly as the days do. Only inside a query.
/// </summary>
public static class Keys
{
    [Sql.Expression("{0} > {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool After(Guid key, Guid bound) => throw ServerSideOnly();

    [Sql.Expression("{0} <= {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool AtOrBefore(Guid key, Guid bound) => throw ServerSideOnly();

    [Sql.Expression("{0} <= {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool AtOrBefore(string? dayKey, string bound) => throw ServerSideOnly();

    [Sql.Expression("{0} > {1}", IsPredicate = true, ServerSideOnly = true, Precedence = Precedence.Comparison)]
    public static bool After(string? dayKey, string bound) => throw ServerSideOnly();

    private static InvalidOperationException ServerSideOnly() => new("Key comparisons run only inside a database query.");
}
