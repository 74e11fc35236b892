using System.Linq.Expressions;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Privacy.Contracts;

/// <summary>How many records of one kind of personal data a module holds, and how old they are (for the privacy report; counts, never contents).</summary>
public sealed record DataKindCount(string Kind, long Total, long OlderThanOneYear, long OlderThanFiveYears, DateTime? Oldest)
{
    /// <summary>Counts <paramref name="rows"/> by the age <paramref name="at"/> gives each (four queries, nothing read but counts and the oldest time).</summary>
    public static async Task<DataKindCount> OfAsync<T>(string kind, IQueryable<T> rows, Expression<Func<T, DateTime>> at, DateTime now, CancellationToken cancellationToken)
    {
        var before = typeof(Instants).GetMethod(nameof(Instants.Before), [typeof(DateTime), typeof(DateTime)])!;
        Expression<Func<T, bool>> OlderThan(DateTime bound) => Expression.Lambda<Func<T, bool>>(Expression.Call(before, at.Body, Expression.Constant(bound)), at.Parameters);
        var oldest = Expression.Lambda<Func<T, DateTime?>>(Expression.Convert(at.Body, typeof(DateTime?)), at.Parameters);
        return new DataKindCount(kind, await rows.LongCountAsync(cancellationToken), await rows.LongCountAsync(OlderThan(now.AddYears(-1)), cancellationToken),
            await rows.LongCountAsync(OlderThan(now.AddYears(-5)), cancellationToken), await rows.MinAsync(oldest, cancellationToken));
    }
}

/// <summary>A module's count of the personal data it keeps, by kind, for <c>privacy-report</c>.</summary>
public interface IDataInventory
{
    Task<IReadOnlyList<DataKindCount>> CountAsync(AppDb db, DateTime now, CancellationToken cancellationToken);
}
