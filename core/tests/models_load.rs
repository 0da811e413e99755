//! Every embedded model (all-services) deserializes and names a supported protocol.

#[test]
fn every_embedded_model_loads() {
    let mut n = 0;
    for name in stratus_core::model::embedded_services() {
        let svc = stratus_core::model::embedded(name).expect("listed service is embedded");
        let model = stratus_core::model::ServiceModel::from_json(svc.service).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(model.protocol().is_some(), "{name}: unsupported protocol {:?}", model.metadata.protocol);
        n += 1;
    }
    assert!(n >= 12, "at least the default services are embedded");
}
