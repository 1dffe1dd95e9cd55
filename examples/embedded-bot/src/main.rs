#[tokio::main]
async fn main() {
    embedded_bot::bot().launch().await
}
