namespace CredbuzzPay.Api.Platform.Jobs;

/// <summary>When something left pending by an outside party is asked about next: the first wait, doubled after each check, at most the longest.</summary>
public static class Backoff
{
    public static DateTime Next(DateTime now, int checks, int firstSeconds, int maxSeconds) =>
        now.AddSeconds(Math.Min((long)maxSeconds, (long)firstSeconds << Math.Min(checks, 30)));
}
