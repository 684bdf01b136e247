//! A TAXII 2.1 collection on a server (another ringtrace, medallion,
//! OpenCTI, …), spoken to over HTTP.

use crate::ExchangeError;
use ringtrace_share::taxii::MEDIA_TYPE;
use serde_json::Value;
use std::time::Duration;

/// Where a collection is and how to sign in.
#[derive(Clone, Debug)]
pub struct RemoteSpec {
    /// The API root, e.g. `https://peer.example/taxii2/ringtrace/`.
    pub from: String,
    pub collection: String,
    /// A bearer token, or the password with `user`.
    pub token: Option<String>,
    pub user: Option<String>,
}

/// A collection ready to be asked.
#[derive(Debug)]
pub struct Remote {
    agent: ureq::Agent,
    pub from: String,
    pub collection: String,
    pub collection_url: String,
    authorization: Option<String>,
}

impl Remote {
    pub fn new(spec: &RemoteSpec) -> Result<Remote, ExchangeError> {
        let root = if spec.from.ends_with('/') {
            spec.from.clone()
        } else {
            format!("{}/", spec.from)
        };
        url::Url::parse(&root)
            .map_err(|_| ExchangeError::Invalid(format!("--from: `{}` is not a URL", spec.from)))?;
        if spec.collection.is_empty() || spec.collection.contains('/') {
            return Err(ExchangeError::Invalid(format!(
                "--collection: `{}` is not a collection id",
                spec.collection
            )));
        }
        let authorization = match (&spec.user, &spec.token) {
            (Some(user), Some(password)) => {
                use base64::Engine;
                let pair = format!("{user}:{password}");
                Some(format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                ))
            }
            (Some(_), None) => {
                return Err(ExchangeError::Invalid(
                    "--user needs the password in --token".into(),
                ))
            }
            (None, Some(token)) => Some(format!("Bearer {token}")),
            (None, None) => None,
        };
        Ok(Remote {
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(120))
                .build(),
            from: spec.from.clone(),
            collection: spec.collection.clone(),
            collection_url: format!("{root}collections/{}/", spec.collection),
            authorization,
        })
    }

    /// Reads the state `verb` (`pull`, `push`) left for this collection in
    /// the store; the default when there is none (or it is unreadable).
    pub fn load_state<T: serde::de::DeserializeOwned + Default>(
        &self,
        store: &dyn ringtrace_store::Store,
        verb: &str,
    ) -> Result<T, ExchangeError> {
        Ok(match store.sync_state(&self.state_name(verb))? {
            Some(s) => serde_json::from_str(&s).unwrap_or_default(),
            None => T::default(),
        })
    }

    /// Keeps the state `verb` leaves for this collection.
    pub fn save_state<T: serde::Serialize>(
        &self,
        store: &mut dyn ringtrace_store::Store,
        verb: &str,
        state: &T,
    ) -> Result<(), ExchangeError> {
        let text = serde_json::to_string(state).expect("a state serialises");
        store.set_sync_state(&self.state_name(verb), &text)?;
        Ok(())
    }

    fn state_name(&self, verb: &str) -> String {
        format!("{verb} {} {}", self.from, self.collection)
    }

    fn request(&self, method: &str, url: &str) -> ureq::Request {
        let mut r = self.agent.request(method, url).set("Accept", MEDIA_TYPE);
        if let Some(a) = &self.authorization {
            r = r.set("Authorization", a);
        }
        r
    }

    /// A GET of objects: the envelope and its `X-TAXII-Date-Added-Last`.
    pub fn objects(
        &self,
        query: &[(&str, String)],
    ) -> Result<(Value, Option<String>), ExchangeError> {
        let url = format!("{}objects/", self.collection_url);
        let mut req = self.request("GET", &url);
        for (k, v) in query {
            req = req.query(k, v);
        }
        match req.call() {
            Ok(res) => {
                let last = res.header("X-TAXII-Date-Added-Last").map(String::from);
                let body: Value = res.into_json().map_err(|e| ExchangeError::Transport {
                    url: url.clone(),
                    message: format!("the answer is not JSON: {e}"),
                })?;
                Ok((body, last))
            }
            Err(e) => Err(http_error(e, &url)),
        }
    }

    /// POSTs an envelope; the status resource the server answers with.
    pub fn add(&self, envelope: &Value) -> Result<Value, ExchangeError> {
        let url = format!("{}objects/", self.collection_url);
        let res = self
            .request("POST", &url)
            .set("Content-Type", MEDIA_TYPE)
            .send_string(&envelope.to_string())
            .map_err(|e| http_error(e, &url))?;
        res.into_json().map_err(|e| ExchangeError::Transport {
            url,
            message: format!("the status is not JSON: {e}"),
        })
    }

    /// A status resource, by id.
    pub fn status(&self, id: &str) -> Result<Value, ExchangeError> {
        let root = self
            .collection_url
            .split("/collections/")
            .next()
            .unwrap_or("")
            .to_string();
        let url = format!("{root}/status/{id}/");
        let res = self
            .request("GET", &url)
            .call()
            .map_err(|e| http_error(e, &url))?;
        res.into_json().map_err(|e| ExchangeError::Transport {
            url,
            message: format!("the status is not JSON: {e}"),
        })
    }
}

/// One sentence for a failed request: the status and the server's words.
fn http_error(e: ureq::Error, url: &str) -> ExchangeError {
    match e {
        ureq::Error::Status(status, res) => {
            let text = res.into_string().unwrap_or_default();
            let said = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| {
                    v.get("description")
                        .or_else(|| v.get("detail"))
                        .or_else(|| v.get("title"))
                        .and_then(Value::as_str)
                        .map(String::from)
                })
                .unwrap_or(text);
            ExchangeError::Http {
                url: url.to_string(),
                status,
                said: said.trim().to_string(),
            }
        }
        ureq::Error::Transport(t) => ExchangeError::Transport {
            url: url.to_string(),
            message: t.to_string(),
        },
    }
}
