//! Seed scenario: SES templates (create, update, list, get, delete) and a templated email.
#![allow(clippy::print_stdout)]

use serde_json::json;

fn main() -> Result<(), stratus::Error> {
    let (session, options) = stratus_examples::setup()?;
    let ses = session.blocking_client("ses", &options)?;
    let template = json!({
        "TemplateName": "MyTemplate",
        "SubjectPart": "Greetings, {{name}}!",
        "TextPart": "Dear {{name}},\r\nYour favorite animal is {{favoriteanimal}}.",
        "HtmlPart": "<h1>Hello {{name}},</h1><p>Your favorite animal is {{favoriteanimal}}.</p>"
    });
    ses.call("CreateTemplate", json!({"Template": template}))?;
    let mut updated = template.clone();
    updated["SubjectPart"] = json!("Hello again, {{name}}!");
    ses.call("UpdateTemplate", json!({"Template": updated}))?;
    for t in ses.call("ListTemplates", json!({}))?["TemplatesMetadata"].as_array().into_iter().flatten() {
        println!("template {} created {}", t["Name"], t["CreatedTimestamp"]);
    }
    println!("subject: {}", ses.call("GetTemplate", json!({"TemplateName": "MyTemplate"}))?["Template"]["SubjectPart"]);
    ses.call("VerifyEmailIdentity", json!({"EmailAddress": "sender@example.com"}))?;
    let sent = ses.call(
        "SendTemplatedEmail",
        json!({
            "Source": "sender@example.com",
            "Destination": {"ToAddresses": ["recipient@example.com"]},
            "Template": "MyTemplate",
            "TemplateData": "{\"name\":\"World\", \"favoriteanimal\": \"alligator\"}"
        }),
    )?;
    println!("sent message {}", sent["MessageId"]);
    ses.call("DeleteTemplate", json!({"TemplateName": "MyTemplate"}))?;
    Ok(())
}
