namespace AdvisoryWatch.Departments;

/// <summary>What a coordinator's change to a department came to.</summary>
public abstract record DepartmentEdit
{
    private DepartmentEdit()
    {
    }

    /// <summary>Saved (and audited); <see cref="Id"/> is the recipient or subscription it made or changed.</summary>
    public sealed record Saved(Guid? Id) : DepartmentEdit;

    /// <summary>No such department (or recipient, or subscription) that the actor may manage: nothing changed.</summary>
    public sealed record NotFound : DepartmentEdit;

    /// <summary>Refused with every problem; nothing changed.</summary>
    public sealed record Invalid(IReadOnlyList<string> Problems) : DepartmentEdit;
}
