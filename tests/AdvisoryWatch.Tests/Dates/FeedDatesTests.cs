using AdvisoryWatch.Extraction.Dates;

namespace AdvisoryWatch.Tests.Dates;

public class FeedDatesTests
{
    [Theory]
    [InlineData("Mon, 06 May 2024 07:08:09 GMT", "2024-05-06T07:08:09Z")]
    [InlineData("Mon, 6 May 2024 07:08:09 +0000", "2024-05-06T07:08:09Z")]
    [InlineData("6 May 2024 07:08 +0200", "2024-05-06T05:08:00Z")]
    [InlineData("Tue, 06 May 2024 07:08:09 GMT", "2024-05-06T07:08:09Z")] // wrong weekday
    [InlineData("Mon, 06 May 24 07:08:09 EST", "2024-05-06T12:08:09Z")]
    [InlineData("Mon, 06 May 2024 07:08:09 EDT", "2024-05-06T11:08:09Z")]
    [InlineData("Mon, 06 May 2024 07:08:09 CEST", "2024-05-06T05:08:09Z")]
    [InlineData("Mon, 06 May 2024 07:08:09 Z", "2024-05-06T07:08:09Z")]
    [InlineData("Mon, 06 May 2024 07:08:09 A", "2024-05-06T06:08:09Z")]
    [InlineData("Mon, 06 May 2024 07:08:09 +02:00", "2024-05-06T05:08:09Z")]
    [InlineData("Mon, 06 May 2024 07:08:09", "2024-05-06T07:08:09Z")]
    [InlineData("Monday, 06 May 2024 07:08:09 GMT", "2024-05-06T07:08:09Z")]
    [InlineData("Mon, 06 Sept 2024 07:08:09 GMT", "2024-09-06T07:08:09Z")]
    [InlineData("May 6, 2024 07:08:09 GMT", "2024-05-06T07:08:09Z")]
    public void Reads_rfc822_and_the_variants_real_feeds_use(string raw, string expected)
    {
        AssertUtc(expected, FeedDates.Parse(raw));
    }

    [Theory]
    [InlineData("2024-05-06T07:08:09Z", "2024-05-06T07:08:09Z")]
    [InlineData("2024-05-06T07:08:09.1234567+02:00", "2024-05-06T05:08:09.1234567Z")]
    [InlineData("2024-05-06T07:08:09.5-0130", "2024-05-06T08:38:09.5Z")]
    [InlineData("2024-05-06T07:08Z", "2024-05-06T07:08:00Z")]
    [InlineData("2024-05-06 07:08:09", "2024-05-06T07:08:09Z")]
    [InlineData("2024-05-06", "2024-05-06T00:00:00Z")]
    [InlineData("2024-05", "2024-05-01T00:00:00Z")]
    [InlineData("2024", "2024-01-01T00:00:00Z")]
    [InlineData("20240506T070809Z", "2024-05-06T07:08:09Z")]
    public void Reads_iso8601_rfc3339_and_w3c_dtf_partials(string raw, string expected)
    {
        AssertUtc(expected, FeedDates.Parse(raw));
    }

    [Theory]
    [InlineData("9 juni 2026", "2026-06-09T00:00:00Z")]
    [InlineData("3 mars 2025", "2025-03-03T00:00:00Z")]
    [InlineData("3. mars 2025", "2025-03-03T00:00:00Z")]
    [InlineData("12. marts 2025", "2025-03-12T00:00:00Z")]
    [InlineData("1 maj 2024", "2024-05-01T00:00:00Z")]
    [InlineData("17. desember 2023", "2023-12-17T00:00:00Z")]
    [InlineData("05.06.2023", "2023-06-05T00:00:00Z")]
    [InlineData("16.4.2024", "2024-04-16T00:00:00Z")]
    [InlineData("16.04.2024 kl. 14:30", "2024-04-16T14:30:00Z")]
    [InlineData("Publisert 9. juni 2026", "2026-06-09T00:00:00Z")]
    [InlineData("23 mars 2023 kl. 09.15", "2023-03-23T09:15:00Z")]
    public void Reads_nordic_page_dates(string raw, string expected)
    {
        AssertUtc(expected, FeedDates.Parse(raw));
    }

    [Fact]
    public void Reads_with_an_explicit_format_and_culture()
    {
        AssertUtc("2026-06-09T00:00:00Z", FeedDates.Parse("tirsdag 9. juni 2026", "nb", "dddd d. MMMM yyyy"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("31 February 2024")]
    [InlineData("Mon, 06 Foo 2024 07:08:09 GMT")]
    [InlineData("2024-13-01")]
    [InlineData("2024-05-06T25:00:00Z")]
    public void Leaves_unreadable_dates_null_and_keeps_the_raw_text(string raw)
    {
        var parsed = FeedDates.Parse(raw);
        Assert.Null(parsed.Utc);
        Assert.Equal(raw, parsed.Raw);
    }

    [Fact]
    public void Keeps_the_raw_text_of_a_readable_date()
    {
        Assert.Equal(" 9 juni 2026 ", FeedDates.Parse(" 9 juni 2026 ").Raw);
    }

    private static void AssertUtc(string expected, AdvisoryWatch.Extraction.ParsedDate parsed)
    {
        Assert.NotNull(parsed.Utc);
        Assert.Equal(TimeSpan.Zero, parsed.Utc.Value.Offset);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed.Utc.Value);
    }
}
