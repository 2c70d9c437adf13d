namespace AdvisoryWatch.Sources.Pages;

/// <summary>The text key of a source's health state (<see cref="SourceHealthView.State"/>).</summary>
public static class SourceStates
{
    public static string Key(string state) => state switch
    {
        "ok" => "State_Ok",
        "warnings" => "State_Warnings",
        "not polled yet" => "State_NotPolled",
        "overdue" => "State_Overdue",
        "failing" => "State_Failing",
        "stale" => "State_Stale",
        _ => "State_Disabled",
    };
}
