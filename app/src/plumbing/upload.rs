//! A file posted in a multipart form, read up to a size limit: what the returns upload
//! and the PCN import share. One byte past the limit marks the file too large, so its page
//! can say so instead of the connection being cut.

use crate::error::AppError;
use axum::extract::Multipart;
use axum::http::StatusCode;

/// The file as the upload handler received it.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The file went past the limit; `bytes` holds only its start.
    pub too_large: bool,
}

/// Reads the `file` field up to `max_bytes`; with no file chosen, a refusal of the `file`
/// field saying `missing`.
pub async fn read_file(
    multipart: &mut Multipart,
    max_bytes: usize,
    missing: &str,
) -> Result<Upload, AppError> {
    let interrupted = || AppError::BadRequest {
        message: "The upload did not arrive complete. Choose the file and upload it again.".into(),
    };
    while let Some(mut field) = multipart.next_field().await.map_err(|error| {
        tracing::info!(%error, "unreadable multipart body");
        interrupted()
    })? {
        if field.name() != Some("file") {
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_owned();
        if file_name.is_empty() {
            break;
        }
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() > max_bytes {
                        bytes.truncate(max_bytes);
                        return Ok(Upload {
                            file_name,
                            bytes,
                            too_large: true,
                        });
                    }
                }
                Ok(None) => break,
                Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Ok(Upload {
                        file_name,
                        bytes,
                        too_large: true,
                    });
                }
                Err(error) => {
                    tracing::info!(%error, "upload interrupted");
                    return Err(interrupted());
                }
            }
        }
        return Ok(Upload {
            file_name,
            bytes,
            too_large: false,
        });
    }
    Err(AppError::field("file", missing))
}
