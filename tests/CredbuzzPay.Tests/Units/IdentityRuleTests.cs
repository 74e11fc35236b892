using CredbuzzPay.Api.Modules.Identity;
using CredbuzzPay.Api.Modules.Identity.Passwords;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Tests.Units;

public sealed class IdentityRuleTests
{
    [Theory]
    [InlineData("9876543210", "+919876543210")]
    [InlineData("+919876543210", "+919876543210")]
    [InlineData("+91 9876543210", "+919876543210")]
    [InlineData("919876543210", "+919876543210")]
    [InlineData("09876543210", "+919876543210")]
    [InlineData("6000000000", "+916000000000")]
    public void IndianMobile_IsAcceptedAndStoredInOneForm(string input, string stored)
    {
        Assert.True(ContactFormats.TryNormalizeMobile(input, out var normalized));
        Assert.Equal(stored, normalized);
    }

    [Theory]
    [InlineData("5876543210")]
    [InlineData("987654321")]
    [InlineData("98765432100")]
    [InlineData("+449876543210")]
    [InlineData("98765abcde")]
    [InlineData("")]
    public void NonIndianOrMalformedMobile_IsRefused(string input) => Assert.False(ContactFormats.TryNormalizeMobile(input, out _));

    [Theory]
    [InlineData("asha@example.com", true)]
    [InlineData("asha.rao+kyc@mail.example.co.in", true)]
    [InlineData("asha@example", false)]
    [InlineData("asha example.com", false)]
    [InlineData("@example.com", false)]
    [InlineData("asha@@example.com", false)]
    public void Email_FormatIsChecked(string email, bool valid) => Assert.Equal(valid, ContactFormats.IsEmail(email));

    [Theory]
    [InlineData("Str0ng!Pass", 0)]
    [InlineData("Sh0rt!a", 1)]
    [InlineData("alllower1!", 1)]
    [InlineData("ALLUPPER1!", 1)]
    [InlineData("NoDigits!!", 1)]
    [InlineData("NoSpecial12", 1)]
    [InlineData("abc", 4)]
    public void PasswordPolicy_ListsEveryMissingRequirement(string password, int problems) =>
        Assert.Equal(problems, PasswordPolicy.Check(password).Count);

    [Fact]
    public void PasswordPolicy_RefusesTheAccountsOwnEmailOrMobileInside()
    {
        Assert.Contains("Do not use your email address in the password.", PasswordPolicy.Check("Ashwini@2026!", "ashwini@example.com"));
        Assert.Contains("Do not use your mobile number in the password.", PasswordPolicy.Check("Pw!9876543210a", null, "+919876543210"));
    }

    [Fact]
    public async Task PasswordHasher_ProducesArgon2idThatVerifiesOnlyTheRightPassword()
    {
        var hasher = new PasswordHasher(Options.Create(new IdentityOptions()));

        var hash = await hasher.HashAsync("Str0ng!Pass");

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", hash, StringComparison.Ordinal);
        Assert.True(await hasher.VerifyAsync(hash, "Str0ng!Pass"));
        Assert.False(await hasher.VerifyAsync(hash, "Str0ng!Pasz"));
        Assert.NotEqual(hash, await hasher.HashAsync("Str0ng!Pass"));
        Assert.False(hasher.NeedsRehash(hash));
    }

    [Fact]
    public async Task PasswordHasher_AsksForARehashWhenTheConfiguredCostRises()
    {
        var weak = await new PasswordHasher(Options.Create(new IdentityOptions())).HashAsync("Str0ng!Pass");
        var stronger = new PasswordHasher(Options.Create(new IdentityOptions { PasswordHashing = { MemoryKib = 32 * 1024, Iterations = 3 } }));

        Assert.True(stronger.NeedsRehash(weak));
        Assert.True(await stronger.VerifyAsync(weak, "Str0ng!Pass"));
        Assert.True(stronger.NeedsRehash("$2b$10$notargon"));
    }

    [Fact]
    public async Task PasswordHasher_HashesInTurns_AndAnswers503WhenTheQueueWouldWaitTooLong()
    {
        var hasher = new PasswordHasher(Options.Create(new IdentityOptions { PasswordHashing = { MaxConcurrent = 1, MaxQueue = 2, MaxWaitMilliseconds = 300 } }));
        var hash = await hasher.HashAsync("Str0ng!Pass");

        // Twelve at once through one turn (each hash takes tens of milliseconds): those that wait past 300 ms or find the queue full are refused.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await hasher.VerifyAsync(hash, "Str0ng!Pass") ? "ok" : "wrong";
            }
            catch (CredbuzzPay.Api.Platform.Errors.ApiProblemException busy) when (busy.Status == 503)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), busy.RetryAfter);
                return "busy";
            }
        })));

        Assert.Contains("ok", outcomes);
        Assert.Contains("busy", outcomes);
        Assert.DoesNotContain("wrong", outcomes);
        // The turns are all given back: a later check goes through at once.
        Assert.True(await hasher.VerifyAsync(hash, "Str0ng!Pass"));
        Assert.Equal(1, hasher.Concurrency);
    }

    [Fact]
    public void UserCodes_AreSixUppercaseLettersOrDigits_AndSpreadOut()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => UserCodes.New()).ToList();

        Assert.All(codes, code => Assert.Matches("^[A-Z0-9]{6}$", code));
        Assert.True(codes.Distinct().Count() >= 1995);
        Assert.Equal(36, string.Concat(codes).Distinct().Count());
    }
}
