using CredbuzzPay.Api.Modules.Recharge.Contracts;
using CredbuzzPay.Api.Modules.Recharge.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Recharge.Catalogue;

/// <summary>A plan of the sample catalogue (prices in rupees as operators print them).</summary>
internal sealed record SamplePlan(string Operator, string? Circle, string Type, int Rupees, int? ValidityDays, string? Data, string? Talktime, string Description);

/// <summary>
/// seed 002's <c>populate_plans</c>: the operators, India's 22 telecom circles and a realistic sample of plans (national
/// prepaid, data and top-up packs for the four mobile networks, a few circle-only offers, DTH packs). Loading is keyed by
/// what a plan is (operator, circle, type, price, validity), so running it twice adds nothing.
/// </summary>
internal static class PlanCatalogue
{
    public static readonly (string Code, string Name)[] Circles =
    [
        ("AP", "Andhra Pradesh & Telangana"), ("AS", "Assam"), ("BR", "Bihar & Jharkhand"), ("DL", "Delhi NCR"), ("GJ", "Gujarat"), ("HR", "Haryana"),
        ("HP", "Himachal Pradesh"), ("JK", "Jammu & Kashmir"), ("KA", "Karnataka"), ("KL", "Kerala"), ("KO", "Kolkata"), ("MP", "Madhya Pradesh & Chhattisgarh"),
        ("MH", "Maharashtra & Goa"), ("MU", "Mumbai"), ("NE", "North East"), ("OR", "Odisha"), ("PB", "Punjab"), ("RJ", "Rajasthan"), ("TN", "Tamil Nadu"),
        ("UE", "Uttar Pradesh (East)"), ("UW", "Uttar Pradesh (West)"), ("WB", "West Bengal"),
    ];

    public static readonly string[] PlanTypes = ["prepaid", "data", "topup", "dth"];

    public static IEnumerable<SamplePlan> Samples()
    {
        foreach (var op in new[] { "AIRTEL", "JIO", "VI", "BSNL" })
        {
            var step = op switch { "JIO" => 0, "AIRTEL" => 10, "VI" => 20, _ => -40 };
            yield return new(op, null, "prepaid", 199 + step, 28, "1.5 GB/day", "Unlimited", "Unlimited calls, 100 SMS/day, 1.5 GB/day for 28 days");
            yield return new(op, null, "prepaid", 299 + step, 28, "2 GB/day", "Unlimited", "Unlimited calls, 100 SMS/day, 2 GB/day for 28 days");
            yield return new(op, null, "prepaid", 479 + step, 56, "1.5 GB/day", "Unlimited", "Unlimited calls, 100 SMS/day, 1.5 GB/day for 56 days");
            yield return new(op, null, "prepaid", 719 + step, 84, "2 GB/day", "Unlimited", "Unlimited calls, 100 SMS/day, 2 GB/day for 84 days");
            yield return new(op, null, "prepaid", 2999 + step * 3, 365, "2.5 GB/day", "Unlimited", "Unlimited calls, 100 SMS/day, 2.5 GB/day for a year");
            yield return new(op, null, "data", 19 + step / 10, 1, "1 GB", null, "1 GB data pack, valid for 1 day");
            yield return new(op, null, "data", 61 + step / 5, null, "6 GB", null, "6 GB add-on for the current plan's validity");
            yield return new(op, null, "data", 181, 30, "1 GB/day", null, "1 GB/day data pack for 30 days");
            yield return new(op, null, "topup", 10, null, null, "7.47", "Talktime top-up of Rs 7.47");
            yield return new(op, null, "topup", 100, null, null, "81.75", "Talktime top-up of Rs 81.75");
            yield return new(op, null, "topup", 500, null, null, "423.73", "Talktime top-up of Rs 423.73");
        }
        yield return new("BSNL", "KA", "prepaid", 107, 35, "3 GB", "200 minutes", "Karnataka special: 200 minutes and 3 GB for 35 days");
        yield return new("BSNL", "KL", "prepaid", 118, 26, "10 GB", "Unlimited", "Kerala special: unlimited calls and 10 GB for 26 days");
        yield return new("VI", "MU", "prepaid", 269, 28, "2 GB/day", "Unlimited", "Mumbai offer: 2 GB/day and unlimited calls for 28 days");
        yield return new("AIRTEL", "DL", "data", 49, 1, "20 GB", null, "Delhi NCR: 20 GB for a day");
        yield return new("JIO", "MH", "prepaid", 349, 30, "2.5 GB/day", "Unlimited", "Maharashtra & Goa: 2.5 GB/day for 30 days");
        foreach (var (op, basePrice) in new[] { ("TATAPLAY", 153), ("AIRTELDTH", 160), ("DISHTV", 170), ("SUNDIRECT", 140) })
        {
            yield return new(op, null, "dth", basePrice, 30, null, null, "Basic pack: the free-to-air channels and the network's own, 30 days");
            yield return new(op, null, "dth", basePrice + 200, 30, null, null, "Family HD pack, 30 days");
            yield return new(op, null, "dth", (basePrice + 200) * 11, 360, null, null, "Family HD pack for a year (one month free)");
        }
    }

    /// <summary>Loads what is missing; answers (operators, circles, plans) added.</summary>
    public static async Task<(int Operators, int Circles, int Plans)> PopulateAsync(AppDb db, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var operators = await db.GetTable<OperatorRow>().Select(o => o.Code).ToListAsync(cancellationToken);
        var addedOperators = 0;
        foreach (var (code, name, kind) in Operators.All.Where(o => !operators.Contains(o.Code)))
        {
            await db.InsertAsync(new OperatorRow { Code = code, Name = name, Kind = kind, Active = true }, token: cancellationToken);
            addedOperators++;
        }
        var circles = await db.GetTable<CircleRow>().Select(c => c.Code).ToListAsync(cancellationToken);
        var addedCircles = 0;
        foreach (var (code, name) in Circles.Where(c => !circles.Contains(c.Code)))
        {
            await db.InsertAsync(new CircleRow { Code = code, Name = name }, token: cancellationToken);
            addedCircles++;
        }
        var existing = (await db.GetTable<PlanRow>().Select(p => new { p.OperatorCode, p.CircleCode, p.PlanType, p.PricePaise, p.ValidityDays }).ToListAsync(cancellationToken))
            .Select(p => (p.OperatorCode, p.CircleCode, p.PlanType, p.PricePaise, p.ValidityDays)).ToHashSet();
        var addedPlans = 0;
        foreach (var sample in Samples())
        {
            var key = (sample.Operator, sample.Circle, sample.Type, sample.Rupees * 100L, sample.ValidityDays);
            if (!existing.Add(key))
            {
                continue;
            }
            await db.InsertAsync(new PlanRow
            {
                Id = Guid.CreateVersion7(now), OperatorCode = sample.Operator, CircleCode = sample.Circle, PlanType = sample.Type, PricePaise = sample.Rupees * 100L,
                ValidityDays = sample.ValidityDays, Data = sample.Data, TalktimePaise = sample.Talktime is { } t ? Ledger.Contracts.Money.ParseText(t) : null,
                Description = sample.Description, Active = true, CreatedAt = now, UpdatedAt = now,
            }, token: cancellationToken);
            addedPlans++;
        }
        await transaction.CommitAsync(cancellationToken);
        return (addedOperators, addedCircles, addedPlans);
    }
}
