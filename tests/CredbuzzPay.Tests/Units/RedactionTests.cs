using CredbuzzPay.Api.Platform.Privacy;

namespace CredbuzzPay.Tests.Units;

public sealed class RedactionTests
{
    [Theory]
    [InlineData("password", true)]
    [InlineData("new_password", true)]
    [InlineData("confirmPassword", true)]
    [InlineData("Otp", true)]
    [InlineData("otp_code", true)]
    [InlineData("AccessToken", true)]
    [InlineData("refresh", true)]
    [InlineData("aadhaar_number", true)]
    [InlineData("PanNumber", true)]
    [InlineData("account_number", true)]
    [InlineData("bankAccountNumber", true)]
    [InlineData("Authorization", true)]
    [InlineData("company", false)]
    [InlineData("panel", false)]
    [InlineData("expand", false)]
    [InlineData("user_code", false)]
    [InlineData("email", false)]
    [InlineData("account_type", false)]
    public void IsSensitiveName_RecognisesSecretsByTheirWords(string name, bool sensitive) =>
        Assert.Equal(sensitive, Redaction.IsSensitiveName(name));

    [Theory]
    [InlineData("aadhaar 2345 6789 0123 given", "2345 6789 0123")]
    [InlineData("aadhaar 234567890123 given", "234567890123")]
    [InlineData("pan ABCPE1234F on file", "ABCPE1234F")]
    [InlineData("account 001234567890 credited", "001234567890")]
    [InlineData("password=Hunter2!x next", "Hunter2!x")]
    [InlineData("{\"password\":\"Hunter2!x\"}", "Hunter2!x")]
    [InlineData("refresh_token: abc.def-ghi next", "abc.def-ghi")]
    [InlineData("Authorization: Bearer abcdefghijklmnop", "abcdefghijklmnop")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig-nature here", "eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("Your OTP is 482913.", "482913")]
    [InlineData("verification code: 9911", "9911")]
    public void RedactText_BlanksSecretsWhereverTheyStand(string text, string secret)
    {
        var redacted = Redaction.RedactText(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(Redaction.Mask, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /health/ready 200 12.5ms user=ABC123 ip=127.0.0.1")]
    [InlineData("Delivered email message 0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b on attempt 2")]
    [InlineData("Cleanup outbox: 14 expired row(s) removed")]
    public void RedactText_LeavesOrdinaryTextAlone(string text) => Assert.Equal(text, Redaction.RedactText(text));

    [Fact]
    public void JsonRedaction_BlanksSecretFieldsAtAnyDepthAndSecretShapedValues()
    {
        var json = JsonRedaction.Serialize(new { UserCode = "ABC123", Password = "x", Bank = new { AccountNumber = "123456789012", Ifsc = "SBIN0001234" }, Note = "pan ABCPE1234F" })!;

        Assert.Contains("\"user_code\":\"ABC123\"", json, StringComparison.Ordinal);
        Assert.Contains("\"password\":\"[REDACTED]\"", json, StringComparison.Ordinal);
        Assert.Contains("\"account_number\":\"[REDACTED]\"", json, StringComparison.Ordinal);
        Assert.Contains("\"ifsc\":\"SBIN0001234\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("ABCPE1234F", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jane.doe@example.com", "j******e@example.com")]
    [InlineData("ab@example.com", "a*@example.com")]
    public void EmailMask_KeepsFirstAndLastCharacters(string email, string masked) => Assert.Equal(masked, Masks.Email(email));

    [Fact]
    public void NumberAndPhoneMasks_KeepOnlyTheLastFour()
    {
        Assert.Equal("XXXX-XXXX-9012", Masks.Number("2345 6789 9012"));
        Assert.Equal("XXXXXXXX7890", Masks.Number("001234567890").Replace("-", "", StringComparison.Ordinal));
        Assert.Equal("XXXXXX234F", Masks.Number("ABCPE1234F"));
        Assert.Equal("+91XXXXXX3210", Masks.Phone("+919876543210"));
    }
}
