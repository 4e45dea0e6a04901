//! A dataset's catalogue text beyond its title: the description, which an import keeps.
//! Set by the demo's seed; the catalogue, the dataset's API metadata and the explorer read it.

use crate::{Store, StoreError};

impl Store {
    /// Sets (or, with `None`, clears) the description of a dataset of this tenant.
    pub async fn set_dataset_description(
        &self,
        tenant_id: i64,
        dataset_id: &str,
        description: Option<&str>,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE datasets SET description = $1 WHERE tenant_id = $2 AND dataset_id = $3",
        )
        .bind(description.map(str::trim).filter(|d| !d.is_empty()))
        .bind(tenant_id)
        .bind(dataset_id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("dataset"));
        }
        self.written(crate::Watched::Datasets);
        Ok(())
    }
}
