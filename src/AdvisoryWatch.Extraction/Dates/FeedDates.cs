using System.Globalization;

namespace AdvisoryWatch.Extraction.Dates;

/// <summary>Reads the dates feeds and authority pages write, into UTC, keeping the raw text.</summary>
/// <remarks>
/// Hand-written scanners rather than a list of formats tried in turn: feeds carry one date per
/// field per item, and trying dozens of formats would dominate parse time.
/// </remarks>
public static class FeedDates
{
    private static readonly Dictionary<string, int> MonthNames = BuildMonthNames();

    /// <param name="raw">The date as written.</param>
    /// <param name="culture">Language of month names in page dates (nb, sv, da, fi, en); null tries all.</param>
    /// <param name="format">An explicit .NET format for page dates; null reads leniently.</param>
    public static ParsedDate Parse(string raw, string? culture = null, string? format = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = raw.Trim();
        if (text.Length == 0)
        {
            return new ParsedDate(raw, null);
        }

        if (format is not null && TryExact(text, culture, format, out var exact))
        {
            return new ParsedDate(raw, exact);
        }

        return new ParsedDate(raw, TryParse(text.AsSpan(), out var value) ? value : null);
    }

    /// <summary>Lenient parse of RFC 822, ISO 8601/W3C-DTF and Nordic page dates.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset utc)
    {
        text = text.Trim();
        utc = default;
        if (text.IsEmpty)
        {
            return false;
        }

        if (char.IsAsciiDigit(text[0]) && TryIso(text, out utc))
        {
            return true;
        }

        return TryRfc822(text, out utc) || TryNumericNordic(text, out utc) || TryWordy(text, out utc);
    }

    private static bool TryExact(string text, string? culture, string format, out DateTimeOffset utc)
    {
        var info = CultureFor(culture);
        var styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        foreach (var f in format.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (DateTimeOffset.TryParseExact(text, f, info, styles, out utc))
            {
                return true;
            }
        }

        utc = default;
        return false;
    }

    private static CultureInfo CultureFor(string? culture)
    {
        if (string.IsNullOrWhiteSpace(culture))
        {
            return CultureInfo.InvariantCulture;
        }

        try
        {
            return CultureInfo.GetCultureInfo(culture);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    // ISO 8601 / RFC 3339 / W3C-DTF, including partials: 2024, 2024-05, 2024-05-06,
    // 2024-05-06T07:08, 2024-05-06T07:08:09.123+02:00, 2024-05-06 07:08:09Z, 20240506T070809Z.
    private static bool TryIso(ReadOnlySpan<char> s, out DateTimeOffset utc)
    {
        utc = default;
        var i = 0;
        if (!ReadDigits(s, ref i, 4, 4, out var year))
        {
            return false;
        }

        int month = 1, day = 1;
        var basic = false;
        if (i < s.Length && s[i] == '-')
        {
            i++;
            if (!ReadDigits(s, ref i, 2, 2, out month))
            {
                return false;
            }

            if (i < s.Length && s[i] == '-')
            {
                i++;
                if (!ReadDigits(s, ref i, 2, 2, out day))
                {
                    return false;
                }
            }
        }
        else if (i + 4 <= s.Length && char.IsAsciiDigit(s[i]))
        {
            basic = true;
            if (!ReadDigits(s, ref i, 2, 2, out month) || !ReadDigits(s, ref i, 2, 2, out day))
            {
                return false;
            }
        }

        int hour = 0, minute = 0, second = 0;
        long ticks = 0;
        var offset = TimeSpan.Zero;
        if (i < s.Length && (s[i] == 'T' || s[i] == 't' || s[i] == ' '))
        {
            i++;
            if (!ReadDigits(s, ref i, 2, 2, out hour))
            {
                return false;
            }

            if (i < s.Length && s[i] == ':')
            {
                i++;
            }

            if (!ReadDigits(s, ref i, 2, 2, out minute))
            {
                return false;
            }

            if (i < s.Length && (s[i] == ':' || (basic && char.IsAsciiDigit(s[i]))))
            {
                if (s[i] == ':')
                {
                    i++;
                }

                if (!ReadDigits(s, ref i, 2, 2, out second))
                {
                    return false;
                }

                if (i < s.Length && (s[i] == '.' || s[i] == ','))
                {
                    i++;
                    var start = i;
                    long fraction = 0;
                    var digits = 0;
                    while (i < s.Length && char.IsAsciiDigit(s[i]))
                    {
                        if (digits < 7)
                        {
                            fraction = (fraction * 10) + (s[i] - '0');
                            digits++;
                        }

                        i++;
                    }

                    if (i == start)
                    {
                        return false;
                    }

                    for (; digits < 7; digits++)
                    {
                        fraction *= 10;
                    }

                    ticks = fraction;
                }
            }

            while (i < s.Length && s[i] == ' ')
            {
                i++;
            }

            if (i < s.Length)
            {
                if (!TryIsoOffset(s[i..], out offset))
                {
                    return false;
                }

                i = s.Length;
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        return TryBuild(year, month, day, hour, minute, second == 60 ? 59 : second, ticks, offset, out utc);
    }

    private static bool TryIsoOffset(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s.Length == 1 && (s[0] == 'Z' || s[0] == 'z'))
        {
            return true;
        }

        if (s[0] != '+' && s[0] != '-')
        {
            return TryZoneName(s, out offset);
        }

        var sign = s[0] == '-' ? -1 : 1;
        var i = 1;
        if (!ReadDigits(s, ref i, 2, 2, out var hours))
        {
            return false;
        }

        var minutes = 0;
        if (i < s.Length && s[i] == ':')
        {
            i++;
        }

        if (i < s.Length && !ReadDigits(s, ref i, 2, 2, out minutes))
        {
            return false;
        }

        if (i != s.Length || hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = sign * new TimeSpan(hours, minutes, 0);
        return true;
    }

    // RFC 822/1123 and what real feeds make of it: optional (even wrong) weekday, one-digit day,
    // two- or four-digit year, optional seconds, named/numeric/military zones, missing zone = UTC,
    // and month names in English or a Nordic language.
    private static bool TryRfc822(ReadOnlySpan<char> s, out DateTimeOffset utc)
    {
        utc = default;
        var i = 0;
        SkipSeparators(s, ref i);

        // Optional weekday: a word followed by a comma (or just a word before the day number).
        if (i < s.Length && char.IsLetter(s[i]))
        {
            var wordStart = i;
            while (i < s.Length && char.IsLetter(s[i]))
            {
                i++;
            }

            if (LookupMonth(s[wordStart..i]) is { } monthFirst)
            {
                // "May 6, 2024 07:08:09 GMT" style (month first).
                return TryMonthFirst(s, i, monthFirst, out utc);
            }

            if (i < s.Length && s[i] == '.')
            {
                i++;
            }

            SkipSeparators(s, ref i);

            // "Sat, Dec 16 2023 02:02:33 PM": a weekday, then the month first.
            var afterWeekday = i;
            while (i < s.Length && char.IsLetter(s[i]))
            {
                i++;
            }

            if (i > afterWeekday && LookupMonth(s[afterWeekday..i]) is { } monthAfterWeekday)
            {
                return TryMonthFirst(s, i, monthAfterWeekday, out utc);
            }

            i = afterWeekday;
        }

        if (!ReadDigits(s, ref i, 1, 2, out var day))
        {
            return false;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
        }

        SkipSeparators(s, ref i);
        var monthStart = i;
        while (i < s.Length && char.IsLetter(s[i]))
        {
            i++;
        }

        if (LookupMonth(s[monthStart..i]) is not { } month)
        {
            return false;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
        }

        SkipSeparators(s, ref i);
        return TryYearTimeZone(s, i, month, day, out utc);
    }

    private static bool TryMonthFirst(ReadOnlySpan<char> s, int i, int month, out DateTimeOffset utc)
    {
        utc = default;
        if (i < s.Length && s[i] == '.')
        {
            i++;
        }

        SkipSeparators(s, ref i);
        if (!ReadDigits(s, ref i, 1, 2, out var day))
        {
            return false;
        }

        SkipSeparators(s, ref i);
        return TryYearTimeZone(s, i, month, day, out utc);
    }

    private static bool TryYearTimeZone(ReadOnlySpan<char> s, int i, int month, int day, out DateTimeOffset utc)
    {
        utc = default;
        var yearStart = i;
        if (!ReadDigits(s, ref i, 2, 4, out var year) || i - yearStart == 3)
        {
            return false;
        }

        if (i - yearStart == 2)
        {
            year += year < 50 ? 2000 : 1900;
        }

        SkipSeparators(s, ref i);
        if (i < s.Length && (s[i] == 'k' || s[i] == 'K') && i + 2 < s.Length && s[i + 1] == 'l')
        {
            // Nordic "kl." before the time.
            i += 2;
            if (i < s.Length && s[i] == '.')
            {
                i++;
            }

            SkipSeparators(s, ref i);
        }

        int hour = 0, minute = 0, second = 0;
        if (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            if (!ReadDigits(s, ref i, 1, 2, out hour) || i >= s.Length || (s[i] != ':' && s[i] != '.'))
            {
                return false;
            }

            i++;
            if (!ReadDigits(s, ref i, 2, 2, out minute))
            {
                return false;
            }

            if (i < s.Length && s[i] == ':')
            {
                i++;
                if (!ReadDigits(s, ref i, 2, 2, out second))
                {
                    return false;
                }

                // Fractions of a second are rare but seen; ignore them.
                if (i < s.Length && s[i] == '.')
                {
                    i++;
                    while (i < s.Length && char.IsAsciiDigit(s[i]))
                    {
                        i++;
                    }
                }
            }
        }

        SkipSeparators(s, ref i);
        if (i + 1 < s.Length && s[i] is 'A' or 'a' or 'P' or 'p' && s[i + 1] is 'M' or 'm' && (i + 2 == s.Length || !char.IsLetter(s[i + 2])))
        {
            // A 12-hour clock: 12 AM is midnight, 12 PM noon.
            if (hour is < 1 or > 12)
            {
                return false;
            }

            hour = (hour % 12) + (s[i] is 'P' or 'p' ? 12 : 0);
            i += 2;
            SkipSeparators(s, ref i);
        }

        var offset = TimeSpan.Zero;
        if (i < s.Length)
        {
            var zone = s[i..].TrimEnd();
            if (!TryZone(zone, out offset))
            {
                return false;
            }
        }

        return TryBuild(year, month, day, hour, minute, second == 60 ? 59 : second, 0, offset, out utc);
    }

    private static bool TryZone(ReadOnlySpan<char> zone, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (zone.IsEmpty)
        {
            return true;
        }

        // "GMT+0200", "UTC+2", "+0200", "+02:00", "-5"
        var start = 0;
        if (zone.Length > 3 && (zone.StartsWith("GMT", StringComparison.OrdinalIgnoreCase) || zone.StartsWith("UTC", StringComparison.OrdinalIgnoreCase))
            && (zone[3] == '+' || zone[3] == '-'))
        {
            start = 3;
        }

        if (zone[start] == '+' || zone[start] == '-')
        {
            var sign = zone[start] == '-' ? -1 : 1;
            var digits = zone[(start + 1)..];
            var colon = digits.IndexOf(':');
            int hours, minutes = 0;
            if (colon >= 0)
            {
                if (!int.TryParse(digits[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out hours)
                    || !int.TryParse(digits[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out minutes))
                {
                    return false;
                }
            }
            else if (digits.Length is 3 or 4)
            {
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
                {
                    return false;
                }

                hours = hhmm / 100;
                minutes = hhmm % 100;
            }
            else if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out hours))
            {
                return false;
            }

            if (hours > 14 || minutes > 59)
            {
                return false;
            }

            offset = sign * new TimeSpan(hours, minutes, 0);
            return true;
        }

        // A trailing parenthesised comment, e.g. "+0000 (UTC)" was handled above; here "GMT (x)".
        var paren = zone.IndexOf('(');
        if (paren > 0)
        {
            zone = zone[..paren].TrimEnd();
        }

        return TryZoneName(zone, out offset);
    }

    private static bool TryZoneName(ReadOnlySpan<char> zone, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        Span<char> upper = stackalloc char[Math.Min(zone.Length, 8)];
        if (zone.Length > 8)
        {
            return false;
        }

        zone.ToUpperInvariant(upper);
        int? hours = upper switch
        {
            "GMT" or "UT" or "UTC" or "Z" or "WET" => 0,
            "BST" or "CET" or "MET" or "MEZ" or "WEST" => 1,
            "CEST" or "MEST" or "MESZ" or "EET" => 2,
            "EEST" or "MSK" => 3,
            "EST" => -5,
            "EDT" => -4,
            "CST" => -6,
            "CDT" => -5,
            "MST" => -7,
            "MDT" => -6,
            "PST" => -8,
            "PDT" => -7,
            "AKST" => -9,
            "AKDT" => -8,
            "HST" => -10,
            "JST" or "KST" => 9,
            "IST" => null,
            _ => MilitaryZone(upper),
        };
        if (upper is "IST")
        {
            offset = new TimeSpan(5, 30, 0);
            return true;
        }

        if (hours is null)
        {
            return false;
        }

        offset = TimeSpan.FromHours(hours.Value);
        return true;
    }

    // RFC 822 military zones. RFC 1123 notes their signs were specified backwards and advises
    // treating them as +0000 unless other information is available, but feeds that use them
    // mean the common reading; A-I, K-M are +1..+12, N-Y are -1..-12, Z is 0.
    private static int? MilitaryZone(ReadOnlySpan<char> zone)
    {
        if (zone.Length != 1)
        {
            return null;
        }

        var c = zone[0];
        return c switch
        {
            >= 'A' and <= 'I' => c - 'A' + 1,
            >= 'K' and <= 'M' => c - 'K' + 10,
            >= 'N' and <= 'Y' => -(c - 'N' + 1),
            'Z' => 0,
            _ => null,
        };
    }

    // 05.06.2023, 16.4.2024, 16.04.2024 14:30, 2024.04.16 is ISO-like but rare: not handled.
    private static bool TryNumericNordic(ReadOnlySpan<char> s, out DateTimeOffset utc)
    {
        utc = default;
        var i = 0;
        if (!ReadDigits(s, ref i, 1, 2, out var day) || i >= s.Length || (s[i] != '.' && s[i] != '/'))
        {
            return false;
        }

        var separator = s[i];
        i++;
        if (!ReadDigits(s, ref i, 1, 2, out var month) || i >= s.Length || s[i] != separator)
        {
            return false;
        }

        i++;
        var yearStart = i;
        if (!ReadDigits(s, ref i, 4, 4, out var year))
        {
            return false;
        }

        _ = yearStart;
        SkipSeparators(s, ref i);
        return TryClock(s, i, year, month, day, out utc);
    }

    private static bool TryClock(ReadOnlySpan<char> s, int i, int year, int month, int day, out DateTimeOffset utc)
    {
        int hour = 0, minute = 0;
        if (i < s.Length && (s[i] == 'k' || s[i] == 'K'))
        {
            i++;
            if (i < s.Length && s[i] == 'l')
            {
                i++;
            }

            if (i < s.Length && s[i] == '.')
            {
                i++;
            }

            SkipSeparators(s, ref i);
        }

        if (i < s.Length)
        {
            if (!ReadDigits(s, ref i, 1, 2, out hour) || i >= s.Length || (s[i] != ':' && s[i] != '.'))
            {
                utc = default;
                return false;
            }

            i++;
            if (!ReadDigits(s, ref i, 2, 2, out minute))
            {
                utc = default;
                return false;
            }

            SkipSeparators(s, ref i);
            if (i != s.Length)
            {
                utc = default;
                return false;
            }
        }

        return TryBuild(year, month, day, hour, minute, 0, 0, TimeSpan.Zero, out utc);
    }

    // "9 juni 2026", "3. mars 2025", "12. marts 2025", "Publisert 9. juni 2026": a leading word is
    // tolerated when it is not a month, since list pages often prefix the date with a label.
    private static bool TryWordy(ReadOnlySpan<char> s, out DateTimeOffset utc)
    {
        utc = default;
        var digit = s.IndexOfAnyInRange('0', '9');
        if (digit <= 0)
        {
            return false;
        }

        return TryRfc822(s[digit..], out utc);
    }

    private static int? LookupMonth(ReadOnlySpan<char> word)
    {
        if (word.Length < 3 || word.Length > 12)
        {
            return null;
        }

        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        var lookup = MonthNames.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(lower, out var month) ? month : null;
    }

    private static Dictionary<string, int> BuildMonthNames()
    {
        // English, Norwegian (bokmål/nynorsk), Swedish, Danish, and Finnish genitive forms; with the
        // three-letter and common four-letter abbreviations ("sept", "des", "okt").
        string[][] names =
        [
            ["january", "januar", "januari", "jan", "tammikuuta", "tammikuu"],
            ["february", "februar", "februari", "feb", "febr", "helmikuuta", "helmikuu"],
            ["march", "mars", "marts", "mar", "maaliskuuta", "maaliskuu"],
            ["april", "apr", "huhtikuuta", "huhtikuu"],
            ["may", "mai", "maj", "toukokuuta", "toukokuu"],
            ["june", "juni", "jun", "kesäkuuta", "kesäkuu"],
            ["july", "juli", "jul", "heinäkuuta", "heinäkuu"],
            ["august", "augusti", "aug", "elokuuta", "elokuu"],
            ["september", "sep", "sept", "syyskuuta", "syyskuu"],
            ["october", "oktober", "okt", "oct", "lokakuuta", "lokakuu"],
            ["november", "nov", "marraskuuta", "marraskuu"],
            ["december", "desember", "des", "dec", "joulukuuta", "joulukuu"],
        ];
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var m = 0; m < names.Length; m++)
        {
            foreach (var name in names[m])
            {
                map[name] = m + 1;
            }
        }

        return map;
    }

    private static void SkipSeparators(ReadOnlySpan<char> s, ref int i)
    {
        while (i < s.Length && (s[i] == ' ' || s[i] == ',' || s[i] == '\t' || s[i] == '\u00a0'))
        {
            i++;
        }
    }

    private static bool ReadDigits(ReadOnlySpan<char> s, ref int i, int min, int max, out int value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && i - start < max && char.IsAsciiDigit(s[i]))
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }

        return i - start >= min;
    }

    private static bool TryBuild(int year, int month, int day, int hour, int minute, int second, long ticks, TimeSpan offset, out DateTimeOffset utc)
    {
        utc = default;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 24 || minute > 59 || second > 59)
        {
            return false;
        }

        var dayStart = new DateTimeOffset(year, month, day, 0, 0, 0, offset);
        var value = dayStart.AddHours(hour).AddMinutes(minute).AddSeconds(second).AddTicks(ticks);
        utc = value.ToUniversalTime();
        return true;
    }
}
