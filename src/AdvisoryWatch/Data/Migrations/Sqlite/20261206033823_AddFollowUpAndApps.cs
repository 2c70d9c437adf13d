using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdvisoryWatch.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddFollowUpAndApps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "app",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Vendor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Aliases = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "app_use_change",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppId = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    DepartmentId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    InUse = table.Column<bool>(type: "INTEGER", nullable: false),
                    Protection = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Rationale = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedAtUtc = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_use_change", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "assessment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AdvisoryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AppId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    OpenedByChangeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessment_advisories_AdvisoryId",
                        column: x => x.AdvisoryId,
                        principalTable: "advisories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "app_mention",
                columns: table => new
                {
                    AppId = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    AdvisoryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastChangeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FirstSeenAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAtUtc = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_mention", x => new { x.AppId, x.AdvisoryId });
                    table.ForeignKey(
                        name: "FK_app_mention_advisories_AdvisoryId",
                        column: x => x.AdvisoryId,
                        principalTable: "advisories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_app_mention_app_AppId",
                        column: x => x.AppId,
                        principalTable: "app",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "app_use",
                columns: table => new
                {
                    AppId = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    DepartmentId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Protection = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Rationale = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedAtUtc = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_use", x => new { x.AppId, x.DepartmentId });
                    table.ForeignKey(
                        name: "FK_app_use_app_AppId",
                        column: x => x.AppId,
                        principalTable: "app",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assessment_change",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssessmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedAtUtc = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_change", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessment_change_assessment_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "assessment",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_app_mention_AdvisoryId",
                table: "app_mention",
                column: "AdvisoryId");

            migrationBuilder.CreateIndex(
                name: "IX_app_use_DepartmentId",
                table: "app_use",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_app_use_change_AppId_DepartmentId_ChangedAtUtc",
                table: "app_use_change",
                columns: new[] { "AppId", "DepartmentId", "ChangedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_assessment_AdvisoryId_DepartmentId",
                table: "assessment",
                columns: new[] { "AdvisoryId", "DepartmentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assessment_DepartmentId_State",
                table: "assessment",
                columns: new[] { "DepartmentId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_assessment_change_AssessmentId_ChangedAtUtc",
                table: "assessment_change",
                columns: new[] { "AssessmentId", "ChangedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_mention");

            migrationBuilder.DropTable(
                name: "app_use");

            migrationBuilder.DropTable(
                name: "app_use_change");

            migrationBuilder.DropTable(
                name: "assessment_change");

            migrationBuilder.DropTable(
                name: "app");

            migrationBuilder.DropTable(
                name: "assessment");
        }
    }
}
