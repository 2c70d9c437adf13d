using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdvisoryWatch.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddWebhookRecipientSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Secret",
                table: "recipients",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Secret",
                table: "recipients");
        }
    }
}
