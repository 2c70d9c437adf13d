namespace AdvisoryWatch.Apps;

/// <summary>The protection value of the information an app touches in a department.</summary>
public enum ProtectionLevel
{
    Normal = 0,
    Sensitive = 1,
    Critical = 2,
    SecurityClassified = 3,
}
