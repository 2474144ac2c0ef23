//! Changes to a Rollout's pod template (a new revision): the one path by which a template
//! changes, so a new image and a return to an earlier template are the same ordinary update.

use kube::api::PostParams;
use kube::{Api, Client};

use super::{classify, is_conflict};
use crate::error::Error;
use crate::spec::rollout::Rollout;

/// `--image CONTAINER=IMAGE`: sets the images in the template of `rollout` (as read), reading
/// it again only on a conflict. Returns the Rollout as stored.
pub async fn set_images(
    client: &Client,
    rollout: Rollout,
    images: &[(String, String)],
) -> anyhow::Result<Rollout> {
    let ns = rollout.metadata.namespace.clone().unwrap_or_default();
    let name = rollout.metadata.name.clone().unwrap_or_default();
    let name = name.as_str();
    let api: Api<Rollout> = Api::namespaced(client.clone(), &ns);
    let mut read = Some(rollout);
    loop {
        let mut ro = match read.take() {
            Some(ro) => ro,
            None => super::observe::rollout(client, &ns, name).await?,
        };
        let containers = ro
            .spec
            .template
            .as_mut()
            .and_then(|t| t.spec.as_mut())
            .map(|s| &mut s.containers)
            .ok_or_else(|| Error::field("spec.template.spec.containers", "is required"))?;
        let mut changed = false;
        for (c, image) in images {
            let container = containers
                .iter_mut()
                .find(|x| &x.name == c)
                .ok_or_else(|| {
                    Error::flag("--image", format!("Rollout {name} has no container {c:?}"))
                })?;
            if container.image.as_deref() != Some(image) {
                container.image = Some(image.clone());
                changed = true;
            }
        }
        if !changed {
            return Ok(ro);
        }
        match api.replace(name, &PostParams::default(), &ro).await {
            Ok(stored) => return Ok(stored),
            Err(e) if is_conflict(&e) => continue,
            Err(e) => return Err(classify(e, format!("setting the image of Rollout {name}"))),
        }
    }
}
